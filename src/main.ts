// Composition root for the process: environment -> config -> log -> app. Exit code 2 for a bad
// configuration (one line per problem, no stack trace), 0 after a graceful stop.
import { parseArgs } from 'node:util';
import { startApp } from './app.ts';
import { parseConfig, readEnvironment } from './config.ts';
import { createLogger } from './log.ts';
import { StartupError } from './startup-error.ts';
import { runSubcommand } from './cli/subcommands.ts';
import { DatabaseRefusedError } from './store/database.ts';

const USAGE = `usage: npm start [-- --console]
       mserver doctor            check the configuration, database, port, TLS files and Discord
       mserver backup <file>     an online copy of the database while mserver runs

  --console   run the operator console even when stdin is not a terminal (commands are read one a line)
  --help      this text

Configuration comes from the environment and a .env file in the working directory; see .env.example.`;

async function main(): Promise<void> {
  // `mserver backup <file>`, `mserver doctor`: one-shot tools, not the server.
  const sub = await runSubcommand(process.argv.slice(2));
  if (sub !== undefined) process.exit(sub);
  let args;
  try {
    args = parseArgs({ options: { console: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  } catch (err) {
    process.stderr.write(`mserver: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { env, envFile } = readEnvironment();
  const parsed = parseConfig(env);
  if (!parsed.ok) {
    for (const p of parsed.problems) process.stderr.write(`mserver: configuration: ${p}\n`);
    process.stderr.write(`mserver: not started. Fix the variables above${envFile ? ` (environment or ${envFile})` : ''}; .env.example documents each one.\n`);
    process.exit(2);
  }
  const config = parsed.config;
  const log = createLogger(config);
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
  try {
    app = await startApp({ config, log });
  } catch (err) {
    if (err instanceof StartupError) {
      for (const p of err.problems) process.stderr.write(`mserver: configuration: ${p}\n`);
      process.stderr.write('mserver: not started.\n');
      process.exit(2);
    }
    if (err instanceof DatabaseRefusedError) {
      process.stderr.write(`mserver: not started: ${err.message}\n`);
      process.exit(2);
    }
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
      process.stderr.write(`mserver: cannot listen on ${config.mclient.host}:${config.mclient.port} (${e.code}): set MCLIENT_PORT to a free port.\n`);
      process.exit(2);
    }
    if (e.code === 'SQLITE_CANTOPEN' || e.code === 'SQLITE_READONLY' || e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT') {
      process.stderr.write(`mserver: cannot open the database ${config.databasePath} (${e.code}: ${e.message}); check DATABASE_PATH and its permissions.\n`);
      process.exit(2);
    }
    log.fatal({ err }, 'mserver could not start');
    process.exit(1);
  }

  if (withConsole) {
    void app.runConsole({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY === true,
      onQuit: () => void stop('quit at the console'),
    });
  }
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection (kept running)'));
}

void main();
