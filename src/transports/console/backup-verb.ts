// The console's `backup <file>`: an online copy of the database while mserver runs, what the queue
// holds committed first so the copy has every command the console has already shown.
import { UserError } from '../../core/errors.ts';
import { backupDatabase, BackupError } from '../../store/backup.ts';
import type { Store } from '../../store/store.ts';

export async function backupVerb(store: Pick<Store, 'db' | 'queue'>, args: string[], print: (line: string) => void): Promise<void> {
  if (args.length !== 1) throw new UserError('bad_input', 'usage: backup <file>   (for example: backup /var/backups/mserver-today.db)');
  store.queue.flush();
  try {
    const r = await backupDatabase(store.db, args[0]!);
    print(`Backup written: ${r.path} (${(r.bytes / 1024).toFixed(0)} KiB, schema ${r.schema}, integrity_check ok, ${r.ms} ms, mode 0600).`);
  } catch (err) {
    if (err instanceof BackupError) throw new UserError('bad_input', err.message);
    throw err;
  }
}
