// GET /api/v1/keys/handovers: the key hand-overs in progress (rotated, set_keys submitted), each with
// when its new keys become active and what "verified" rests on (the node's word or the chain), the same
// facts /keys and the console's `keys handovers` show. An operator deciding whether the old node may
// stop reads this.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { KeyGuard } from '../../../core/key-guard.ts';
import { translator } from '../../../i18n/translate.ts';
import { basisText } from '../../format/handover-text.ts';
import { requireLevel, type AuthDeps } from '../auth.ts';
import { localeOf, problemResponses } from '../problem.ts';
import { iso } from '../views.ts';

export interface HandoverRoutesDeps extends Pick<AuthDeps, 'audit' | 'now'> {
  /** Undefined where no key guard runs: the list is empty. */
  guard: Pick<KeyGuard, 'openHandovers' | 'doneAt' | 'basisOf'> | undefined;
}

const BASES = ['node', 'chain_waiting', 'chain_verified', 'chain_mismatch', 'chain_unreachable', 'no_stash'] as const;

// i18n-exempt: the OpenAPI schema's descriptions below are written for developers in English (basisText is the one for people)
const HandoverSchema = z
  .object({
    id: z.number().int(),
    agentId: z.string(),
    container: z.string(),
    sessionKey: z.string(),
    stash: z.string().nullable(),
    state: z.enum(['pending', 'submitted', 'done', 'superseded']),
    rotatedBy: z.string(),
    rotatedAt: z.string().nullable(),
    submittedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
    activeAt: z.string().nullable().describe('when the new keys are active (two sessions after they were queued), when known'), // i18n-exempt: OpenAPI documentation
    basis: z.enum(BASES).describe('what "verified" rests on: the node (no CHAIN_RPC_URL) or the chain'), // i18n-exempt: OpenAPI documentation
    basisText: z.string().describe("basis, said for people in the caller's language"), // i18n-exempt: OpenAPI documentation
  })
  .meta({ id: 'KeyHandover' });

export async function handoverRoutes(app: FastifyInstance, deps: HandoverRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/keys/handovers',
    {
      schema: {
        // i18n-exempt: OpenAPI documentation, written for developers in English
        summary: 'Key hand-overs in progress, with when the new keys are active and what their verification rests on',
        tags: ['agents'],
        response: { 200: z.object({ items: z.array(HandoverSchema) }), ...problemResponses(403) },
      },
    },
    async (req) => {
      requireLevel(req, deps, 'viewer', 'GET /keys/handovers');
      const t = translator(localeOf(req));
      const guard = deps.guard;
      const items = (guard?.openHandovers() ?? []).map((h) => {
        const basis = guard!.basisOf(h);
        return {
          id: h.id,
          agentId: h.agentId,
          container: h.container,
          sessionKey: h.sessionKey,
          stash: h.stash,
          state: h.state,
          rotatedBy: h.rotatedBy,
          rotatedAt: iso(h.rotatedAt),
          submittedBy: h.submittedBy,
          submittedAt: iso(h.submittedAt),
          activeAt: iso(guard!.doneAt(h)),
          basis,
          basisText: basisText(basis, t),
        };
      });
      return { items };
    },
  );
}
