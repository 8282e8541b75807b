// `mserver doctor` (`npm run doctor`): one line per check, OK / WARN / FAIL with the fix, and exit code
// 1 when anything fails. Every check runs even when an earlier one failed, except those that need a
// configuration that does not parse.
import { readFileSync } from 'node:fs';
import { parseConfig, readEnvironment, startupLocale } from '../config.ts';
import { isMessage, render } from '../i18n/message.ts';
import { translator, type Translator } from '../i18n/translate.ts';
import { parsePolicyFile } from '../core/policy-file.ts';
import { slashCommands } from '../../commands/index.ts';
import { fail, lineText, ok, type CheckLine } from './check.ts';
import { checkDiscord } from './discord-checks.ts';
import { checkDatabase, checkDisk, checkHubPort, checkTls } from './local-checks.ts';

function checkPolicyFile(path: string | undefined, t: Translator): CheckLine {
  const name = t('startup.doctor.name.policyFile');
  if (!path) return ok(name, t('startup.doctor.policy.notSet'));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return fail(name, t('startup.doctor.policy.unreadable', { path, cause: (err as NodeJS.ErrnoException).code ?? (err as Error).message }), t('startup.doctor.policy.unreadableFix'));
  }
  const parsed = parsePolicyFile(text, `POLICY_FILE ${path}`);
  // The problems may be text or catalogue messages (the core's): each is shown in the reader's language.
  const problemText = (p: unknown): string => (isMessage(p) ? render(t.locale, p) : String(p));
  if (!parsed.ok) return fail(name, t('startup.doctor.policy.invalid', { problems: parsed.problems.map(problemText).join('; ') }), t('startup.doctor.policy.invalidFix'));
  return ok(name, t('startup.doctor.policy.parses', { path }));
}

export interface DoctorOptions {
  /** The environment as main.ts reads it (process.env over .env); tests pass their own. */
  env?: Record<string, string | undefined>;
  out?: (line: string) => void;
  now?: Date;
}

export async function runDoctor(args: string[], opts: DoctorOptions = {}): Promise<number> {
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lines: CheckLine[] = [];
  const print = (more: CheckLine | CheckLine[]) => {
    for (const l of [more].flat()) {
      lines.push(l);
      out(lineText(l, t));
    }
  };
  const read = opts.env ? { env: opts.env, envFile: undefined } : readEnvironment();
  // The doctor speaks as start-up problems do: MSERVER_LOCALE, else English.
  const t = translator(startupLocale(read.env));
  if (args.length > 0) {
    out(t('startup.doctor.usage'));
    return 2;
  }
  const parsed = parseConfig(read.env);
  const configuration = t('startup.doctor.name.configuration');
  if (!parsed.ok) {
    for (const p of parsed.problems) print(fail(configuration, p, t('startup.doctor.config.fix')));
    out(t('startup.doctor.config.needed'));
    return 1;
  }
  const config = parsed.config;
  print(ok(configuration, read.envFile ? t('startup.doctor.config.parsesFrom', { file: read.envFile }) : t('startup.doctor.config.parses')));
  print(checkPolicyFile(config.policyFile, t));
  print(checkDatabase(config, t));
  print(checkDisk(config, t));
  print(await checkHubPort(config, t));
  print(checkTls(config, read.env, opts.now ?? new Date(), t));
  print(await checkDiscord({ config, wanted: slashCommands.map((c) => c.data), t }));
  const failed = lines.filter((l) => l.status === 'FAIL').length;
  const warned = lines.filter((l) => l.status === 'WARN').length;
  out(failed > 0 ? t('startup.doctor.summary.failed', { failed, warned }) : warned > 0 ? t('startup.doctor.summary.passedWarned', { warned }) : t('startup.doctor.summary.passed'));
  return failed > 0 ? 1 : 0;
}
