// The console's `backup <file>`: an online copy of the database while mserver runs, what the queue
// holds committed first so the copy has every command the console has already shown.
import { UserError } from '../../core/errors.ts';
import { backupDatabase, BackupError } from '../../store/backup.ts';
import type { Store } from '../../store/store.ts';
import { msg } from '../../i18n/message.ts';
import type { Translator } from '../../i18n/translate.ts';

export async function backupVerb(store: Pick<Store, 'db' | 'queue'>, args: string[], print: (line: string) => void, t: Translator): Promise<void> {
  if (args.length !== 1) throw new UserError('bad_input', msg('console.backup.usage'));
  store.queue.flush();
  try {
    const r = await backupDatabase(store.db, args[0]!);
    print(t('console.backup.written', { path: r.path, kib: String(Math.round(r.bytes / 1024)), schema: String(r.schema), ms: String(r.ms) }));
  } catch (err) {
    if (err instanceof BackupError) throw new UserError('bad_input', err.text);
    throw err;
  }
}
