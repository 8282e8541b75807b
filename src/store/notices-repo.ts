// The notices table: each notice mserver gave, as facts, stored once (by its dedupe key) whatever the
// channels it went to. Read newest first in keyset pages (`before` the last id a page showed), by level
// and by agent through their indexes; what a reader may not see (key notices for a viewer) is left out
// in the query, so a page is never short for it.
import type { NoticeFacts } from '../core/notice.ts';
import type { NoticeLevel } from '../core/notice-level.ts';
import type { Db } from './database.ts';
import { fromJsonColumn } from './json-column.ts';

export interface NoticeRecord {
  id: number;
  at: number;
  kind: NoticeFacts['kind'];
  level: NoticeLevel;
  channel: string;
  agentId: string | null;
  facts: NoticeFacts;
}

export interface NewNotice {
  at: number;
  level: NoticeLevel;
  channel: string;
  agentId: string | null;
  facts: NoticeFacts;
  dedupeKey?: string | undefined;
}

export interface NoticeFilter {
  level?: NoticeLevel | undefined;
  agentId?: string | undefined;
  /** Kinds left out (what the reader's level may not see). */
  hiddenKinds?: readonly string[] | undefined;
  before?: number | undefined;
  limit: number;
}

interface Row {
  id: number;
  at: number;
  kind: string;
  level: string;
  channel: string;
  agent_id: string | null;
  facts: string;
}

const MAX_ID = Number.MAX_SAFE_INTEGER;

/** The page query for a filter: bound parameters only (`@before`, `@level`, `@agent`, `@limit`, `@hidden0`...). */
export function noticesSql(f: Pick<NoticeFilter, 'level' | 'agentId' | 'hiddenKinds'>): string {
  const where = ['id < @before'];
  if (f.level !== undefined) where.push('level = @level');
  if (f.agentId !== undefined) where.push('agent_id = @agent');
  const hidden = f.hiddenKinds ?? [];
  if (hidden.length > 0) where.push(`kind NOT IN (${hidden.map((_, i) => `@hidden${i}`).join(', ')})`);
  return `SELECT id, at, kind, level, channel, agent_id, facts FROM notices WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT @limit`;
}

export function createNoticesRepo(db: Db) {
  const insert = db.prepare(
    'INSERT INTO notices (at, kind, level, channel, agent_id, facts, dedupe_key) VALUES (@at, @kind, @level, @channel, @agent, @facts, @dedupe) ON CONFLICT (dedupe_key) DO NOTHING',
  );
  const exists = db.prepare('SELECT 1 FROM notices WHERE id = ?').pluck();
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const toRecord = (r: Row): NoticeRecord => ({
    id: r.id,
    at: r.at,
    kind: r.kind as NoticeRecord['kind'],
    level: r.level as NoticeLevel,
    channel: r.channel,
    agentId: r.agent_id,
    facts: fromJsonColumn(r.facts) as NoticeFacts,
  });

  return {
    /** Stores a notice; undefined when its dedupe key is already stored. */
    add(n: NewNotice): NoticeRecord | undefined {
      const r = insert.run({ at: n.at, kind: n.facts.kind, level: n.level, channel: n.channel, agent: n.agentId, facts: JSON.stringify(n.facts), dedupe: n.dedupeKey ?? null });
      if (r.changes === 0) return undefined;
      return { id: Number(r.lastInsertRowid), at: n.at, kind: n.facts.kind, level: n.level, channel: n.channel, agentId: n.agentId, facts: n.facts };
    },
    has: (id: number): boolean => exists.get(id) !== undefined,
    /** Newest first. */
    page(f: NoticeFilter): NoticeRecord[] {
      const sql = noticesSql(f);
      let stmt = statements.get(sql);
      if (!stmt) statements.set(sql, (stmt = db.prepare(sql)));
      const args: Record<string, unknown> = { before: f.before ?? MAX_ID, limit: f.limit };
      if (f.level !== undefined) args.level = f.level;
      if (f.agentId !== undefined) args.agent = f.agentId;
      (f.hiddenKinds ?? []).forEach((k, i) => (args[`hidden${i}`] = k));
      return (stmt.all(args) as Row[]).map(toRecord);
    },
  };
}

export type NoticesRepo = ReturnType<typeof createNoticesRepo>;
