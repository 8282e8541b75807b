// Moves the WAL checkpoint off the event loop. SQLite's automatic checkpoint runs inside whichever
// commit crosses 1,000 pages, with an fsync, so one command in every few dozen waited for the disk (the
// benchmark's single-command p99). Here the main connection never checkpoints; a worker thread with
// its own connection does a PASSIVE checkpoint every few seconds (never blocking writers), and a
// TRUNCATE one when mserver closes.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './database.ts';

// Plain CommonJS, so the worker needs no TypeScript loader.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const checkpoint = (mode) => {
  try { db.pragma('wal_checkpoint(' + mode + ')'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage({ closed: true });
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(db: Db, path: string, onError: (message: string) => void, everyMs = 5000): Checkpointer | undefined {
  if (path === ':memory:') return undefined;
  db.pragma('wal_autocheckpoint = 0');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, driver, everyMs } });
  worker.unref();
  let closed: (() => void) | undefined;
  worker.on('message', (m: { error?: string; closed?: boolean }) => {
    if (m.error) onError(m.error);
    if (m.closed) closed?.();
  });
  worker.on('error', (err) => onError(err.message));
  return {
    async close() {
      await new Promise<void>((resolve) => {
        closed = resolve;
        const timer = setTimeout(resolve, 2000);
        timer.unref();
        worker.postMessage('close');
      });
      await worker.terminate();
    },
  };
}
