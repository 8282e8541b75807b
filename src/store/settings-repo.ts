import type { Db } from './database.ts';

export function createSettingsRepo(db: Db) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const set = db.prepare(`
    INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @at)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const del = db.prepare('DELETE FROM settings WHERE key = ?');
  return {
    delete(key: string): void {
      del.run(key);
    },
    get(key: string): string | undefined {
      return get.get(key) as string | undefined;
    },
    set(key: string, value: string, at: number): void {
      set.run({ key, value, at });
    },
  };
}

export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
