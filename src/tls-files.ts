// The hub's TLS pair, read from MCLIENT_TLS_CERT and MCLIENT_TLS_KEY. A file that cannot be read or
// parsed is named in one line: at start that stops mserver (exit 2); at a SIGHUP reload the old pair stays.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { msg, render, type Message } from './i18n/message.ts';

export interface TlsPair {
  cert: Buffer;
  key: Buffer;
}

/** A TLS file problem: `text` for the operator's language at start, `message` in English for the log. */
export class TlsFileError extends Error {
  readonly text: Message;
  constructor(text: Message) {
    super(render('en', text));
    this.text = text;
  }
}

export function readTlsPair(paths: { certPath: string; keyPath: string }): TlsPair {
  const read = (name: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new TlsFileError(msg('startup.tls.unreadable', { name, path, cause: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    }
  };
  const cert = read('MCLIENT_TLS_CERT', paths.certPath);
  const key = read('MCLIENT_TLS_KEY', paths.keyPath);
  try {
    createSecureContext({ cert });
  } catch (err) {
    throw new TlsFileError(msg('startup.tls.badCert', { path: paths.certPath, error: (err as Error).message }));
  }
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new TlsFileError(msg('startup.tls.badKey', { path: paths.keyPath, error: (err as Error).message }));
  }
  return { cert, key };
}

/** 127.0.0.0/8, ::1 and localhost: tokens sent there do not cross a network. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The start-up warning for a hub that takes tokens in clear text over a network; undefined when it does not. */
export function clearTextWarning(host: string, tls: boolean): string | undefined {
  if (tls || isLoopback(host)) return undefined;
  // i18n-exempt: a log warning (logs stay English)
  return 'the hub listens on a non-loopback address without TLS: agent tokens cross the network in clear text. Set MCLIENT_TLS_CERT and MCLIENT_TLS_KEY, or put a TLS reverse proxy in front (README, "TLS").';
}
