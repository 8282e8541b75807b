// Composition root for the process: environment -> config -> log -> app. A start-up failure is one line
// per problem naming the variable and the cause, exit code 2, no stack trace; 0 after a graceful stop.
import { parseArgs } from 'node:util';
import { startApp } from './app.ts';
import { KNOWN_VARIABLES, parseConfig, readEnvironment, startupLocale } from './config.ts';
import type { Locale } from './i18n/locale.ts';
import { translate } from './i18n/translate.ts';
import { variableTypos } from './env-typos.ts';
import { createLogger } from './log.ts';
import { startupProblem } from './startup-problem.ts';
import { runSubcommand } from './cli/subcommands.ts';
import { DatabaseRefusedError } from './store/database.ts';

/**
 * SIGHUP re-reads the hub's TLS certificate and key (a renewed certificate) without dropping agents, and
 * POLICY_FILE. Listened for from the first moment: Node's default for SIGHUP ends the process, so a
 * reload sent while mserver is still starting (systemd's ExecReload, a deploy script) is only logged.
 */
function reloadOnSighup(app: () => { reloadTls(): boolean; reloadPolicy(): boolean } | undefined, log: { warn(msg: string): void }): void {
  process.on('SIGHUP', () => {
    const running = app();
    if (!running) return log.warn('SIGHUP during start-up: nothing reloaded (send it again once mserver has started)');
    running.reloadTls();
    running.reloadPolicy();
  });
}

/** One line per problem, in the operator's language (MSERVER_LOCALE); exit code 2. */
function refuse(problems: string[], locale: Locale): never {
  for (const p of problems) process.stderr.write(`${translate(locale, 'startup.notStarted', { problem: p })}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  // `mserver backup <file>`, `mserver doctor`: one-shot tools, not the server.
  const sub = await runSubcommand(process.argv.slice(2));
  if (sub !== undefined) process.exit(sub);
  const { env, envFile } = readEnvironment();
  const locale = startupLocale(env);
  const usage = translate(locale, 'startup.usage');
  let args;
  try {
    args = parseArgs({ options: { console: { type: 'boolean' }, 'keep-running': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (err) {
    process.stderr.write(`mserver: ${(err as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (args.values.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const parsed = parseConfig(env);
  if (!parsed.ok) refuse(parsed.problems.map((p) => (envFile ? translate(locale, 'startup.fromEnvFile', { problem: p, file: envFile }) : p)), locale);
  const config = parsed.config;
  const log = createLogger(config);
  for (const w of variableTypos(env, KNOWN_VARIABLES, locale)) log.warn(w);
  const withConsole = args.values.console === true || process.stdin.isTTY === true;

  let stopping = false;
  const stop = async (reason: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'mserver stopping');
    const force = setTimeout(() => {
      log.error('graceful stop took over 10 s: exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    await app.stop();
    log.info('mserver stopped');
    process.exit(code);
  };

  let app: Awaited<ReturnType<typeof startApp>>;
  // A signal during start-up (agents may already be connected while the HTTP side still loads) is
  // kept and acted on once start-up has finished: Node's default would end the process without
  // closing anything.
  let signalled: string | undefined;
  const onSignal = (name: string) => () => {
    if (app) void stop(name);
    else signalled ??= name;
  };
  process.on('SIGINT', onSignal('SIGINT'));
  process.on('SIGTERM', onSignal('SIGTERM'));
  reloadOnSighup(() => app, log);
  try {
    app = await startApp({ config, log });
  } catch (err) {
    if (err instanceof DatabaseRefusedError) refuse([err.message], locale);
    const problems = startupProblem(err, config);
    if (problems) refuse(problems, locale);
    log.fatal({ err }, 'mserver could not start');
    process.exit(1);
  }

  if (signalled) return void stop(signalled);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
  if (withConsole) {
    const ended = await app.runConsole({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY === true,
      onQuit: (why) => void stop(why),
    });
    if (ended === 'end of input') { // i18n-exempt: a value of ConsoleEnd
      if (args.values['keep-running']) log.info('console input ended; mserver keeps running (--keep-running): stop it with SIGTERM');
      else void stop('end of console input'); // i18n-exempt: the stop reason goes to the log
    }
  }
}

void main();
