// pino, with secrets redacted by path and a compact human format for terminals. Logs go to stderr so that
// the console's answers on stdout stay clean when mserver is driven through a pipe.
import { pino, type Logger } from 'pino';
import type { Config } from './config.ts';
import { logLineText } from './core/inert-text.ts';

export type { Logger } from 'pino';

const REDACT_PATHS = [
  'token',
  '*.token',
  'tokens',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'discordToken',
  'secret',
  '*.secret',
];

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const SKIP_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname']);

/**
 * One line per record: `21:05:23.123 INFO  hub listening port=8765`. Values can hold what an agent
 * wrote: control and bidi characters are written as escapes, so a record stays one inert line.
 */
export function formatPretty(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString().slice(11, 23);
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const extras = Object.entries(record)
    .filter(([k]) => !SKIP_KEYS.has(k))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${logLineText(`${time} ${level} ${String(record.msg ?? '')}${extras ? ` ${extras}` : ''}`)}\n`;
}

export interface LogSink {
  write(chunk: string): void;
}

export function createLogger(
  config: Pick<Config, 'log'>,
  sink: LogSink & { isTTY?: boolean } = process.stderr,
): Logger {
  const pretty = config.log.format === 'pretty' || (config.log.format === 'auto' && sink.isTTY === true);
  const destination: LogSink = pretty ? { write: (chunk) => sink.write(formatPretty(chunk)) } : sink;
  return pino(
    {
      level: config.log.level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}
