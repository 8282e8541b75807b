// GET /api/v1/notices: the notices mserver gave (hosts offline, payouts, key hand-overs, failed
// unattended runs, disk space...), newest first, whether or not Discord is on, each in the reader's
// language. Key notices need operator, as key_update events do.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KEY_NOTICE_KINDS, NOTICE_LEVELS, noticeReaderLevel } from '../../../core/notice-level.ts';
import { LEVELS } from '../../../core/policy.ts';
import { msg } from '../../../i18n/message.ts';
import type { NoticesRepo } from '../../../store/notices-repo.ts';
import { requireLevel, type AuthDeps } from '../auth.ts';
import { NoticeSchema, noticeJson } from '../notice-view.ts';
import { HttpProblem, localeOf, problemResponses } from '../problem.ts';
import { decodeCursor, encodeCursor, pageOf, PageQuery } from '../views.ts';

export interface NoticeRoutesDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  notices: Pick<NoticesRepo, 'page'>;
}

/** The kinds a reader of `level` may not see. */
export function hiddenKindsFor(level: string): string[] {
  return [...KEY_NOTICE_KINDS].filter((k) => LEVELS.indexOf(level as (typeof LEVELS)[number]) < LEVELS.indexOf(noticeReaderLevel(k)));
}

export async function noticeRoutes(app: FastifyInstance, deps: NoticeRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/notices',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: "Notices (alerts) newest first, in the reader's language; key notices need operator",
        tags: ['agents'],
        querystring: PageQuery.extend({
          level: z.enum(NOTICE_LEVELS).optional(),
          // i18n-exempt: OpenAPI documentation, written for developers in English
          agent: z.string().min(1).max(200).optional().describe('Only the notices about this agent'),
        }),
        response: { 200: pageOf(NoticeSchema, 'NoticePage'), ...problemResponses(400, 403) },
      },
    },
    async (req) => {
      const p = requireLevel(req, deps, 'viewer', 'GET /notices');
      const before = decodeCursor(req.query.cursor);
      if (before === null || typeof before === 'string') throw new HttpProblem('bad_input', msg('http.badCursor'));
      const q = req.query;
      const rows = deps.notices.page({ level: q.level, agentId: q.agent, hiddenKinds: hiddenKindsFor(p.level), before, limit: q.limit + 1 });
      const shown = rows.slice(0, q.limit);
      const locale = localeOf(req);
      return { items: shown.map((n) => noticeJson(n, locale)), next: rows.length > q.limit ? encodeCursor(shown[shown.length - 1]!.id) : null };
    },
  );
}
