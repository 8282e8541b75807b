// `mserver doctor` (`npm run doctor`): one line per check, OK / WARN / FAIL with the fix, and exit code
// 1 when anything fails. Every check runs even when an earlier one failed, except those that need a
// configuration that does not parse.
import { readFileSync } from 'node:fs';
import { parseConfig, readEnvironment } from '../config.ts';
import { parsePolicyFile } from '../core/policy-file.ts';
import { render } from '../i18n/message.ts';
import { slashCommands } from '../../commands/index.ts';
import { fail, lineText, ok, type CheckLine } from './check.ts';
import { checkDiscord } from './discord-checks.ts';
import { checkDatabase, checkDisk, checkHubPort, checkTls } from './local-checks.ts';

function checkPolicyFile(path: string | undefined): CheckLine {
  if (!path) return ok('policy file', 'POLICY_FILE not set: the default rules of each risk class apply');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail('policy file', `POLICY_FILE=${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); mserver will not start`, 'point POLICY_FILE at a readable JSON file (policy.example.json shows the shape), or unset it');
  }
  const parsed = parsePolicyFile(text, `POLICY_FILE ${path}`);
  if (!parsed.ok) return fail('policy file', `${parsed.problems.map((m) => render('en', m)).join('; ')}; mserver will not start`, 'correct the file (policy.example.json shows the shape)');
  return ok('policy file', `${path} parses`);
}

export interface DoctorOptions {
  /** The environment as main.ts reads it (process.env over .env); tests pass their own. */
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
  now?: Date;
}

export async function runDoctor(args: string[], opts: DoctorOptions = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (args.length > 0) {
    out('usage: mserver doctor   (checks the configuration, the database, the hub port, TLS files and Discord; exit 1 when a check fails)');
    return 2;
  }
  const lines: CheckLine[] = [];
  const print = (more: CheckLine | CheckLine[]) => {
    for (const l of [more].flat()) {
      lines.push(l);
      out(lineText(l));
    }
  };
  const read = opts.env ? { env: opts.env, envFile: undefined } : readEnvironment();
  const parsed = parseConfig(read.env);
  if (!parsed.ok) {
    for (const p of parsed.problems) print(fail('configuration', p, 'correct the variable (.env.example explains each one)'));
    out('FAIL: the other checks need a configuration that parses.');
    return 1;
  }
  const config = parsed.config;
  print(ok('configuration', `parses${read.envFile ? ` (environment over ${read.envFile})` : ' (environment; no .env file here)'}`));
  print(checkPolicyFile(config.policyFile));
  print(checkDatabase(config));
  print(checkDisk(config));
  print(await checkHubPort(config));
  print(checkTls(config, read.env, opts.now ?? new Date()));
  print(await checkDiscord({ config, wanted: slashCommands.map((c) => c.data) }));
  const failed = lines.filter((l) => l.status === 'FAIL').length;
  const warned = lines.filter((l) => l.status === 'WARN').length;
  out(failed > 0 ? `${failed} check(s) failed, ${warned} warning(s).` : `All checks passed${warned > 0 ? ` (${warned} warning(s))` : ''}.`);
  return failed > 0 ? 1 : 0;
}
