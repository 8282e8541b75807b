// Idempotency-Key for POSTs that act: the same key with the same body within 24 h answers what the first
// call answered and sends nothing again; the same key with another body is a 422. Keys are per token.
// The key is taken (a row) before anything runs, so two calls racing with one key cannot both act.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUserError } from '../../core/errors.ts';
import { msg } from '../../i18n/message.ts';
import type { IdempotencyRepo } from '../../store/api-tokens-repo.ts';
import { principalOf } from './auth.ts';
import { HttpProblem, localeOf, problem, PROBLEM_TYPE, statusOf } from './problem.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value as Record<string, unknown>).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export interface Idempotency {
  /** Runs `act` once per (token, key); a retry gets the stored answer (with `Idempotent-Replayed: true`). */
  run(req: FastifyRequest, reply: FastifyReply, act: () => Promise<{ status: number; body: unknown }>): Promise<void>;
}

export function createIdempotency(repo: IdempotencyRepo, now: () => number): Idempotency {
  let prunedAt = 0;
  return {
    async run(req, reply, act) {
      const header = req.headers['idempotency-key'];
      if (header === undefined) {
        const r = await act();
        await reply.code(r.status).send(r.body);
        return;
      }
      const key = Array.isArray(header) ? header[0] ?? '' : header;
      if (!KEY.test(key)) throw new HttpProblem('bad_input', msg('http.idempotency.badKey'));
      const token = principalOf(req).token.id;
      const at = now();
      if (at - prunedAt > 60_000) {
        prunedAt = at;
        repo.prune(at - IDEMPOTENCY_TTL_MS);
      }
      const digest = createHash('sha256').update(JSON.stringify(canonical(req.body ?? null))).digest('hex');
      let held = repo.get(token, key);
      if (held && at - held.createdAt >= IDEMPOTENCY_TTL_MS) {
        repo.release(token, key);
        held = undefined;
      }
      if (held) {
        if (held.bodyDigest !== digest) {
          throw new HttpProblem('idempotency_mismatch', msg('http.idempotency.otherBody', { key: key.slice(0, 64) }));
        }
        if (held.status === 0) throw new HttpProblem('conflict', msg('http.idempotency.firstStillRunning', { key: key.slice(0, 64) }));
        reply.code(held.status).header('idempotent-replayed', 'true');
        if (held.status >= 400) reply.type(PROBLEM_TYPE);
        await reply.send(held.response);
        return;
      }
      if (!repo.reserve(token, key, digest, at)) throw new HttpProblem('conflict', msg('http.idempotency.inUse', { key: key.slice(0, 64) }));
      try {
        const r = await act();
        repo.complete(token, key, r.status, r.body);
        await reply.code(r.status).send(r.body);
      } catch (err) {
        // A refusal is an answer too (the retry gets it again); a fault frees the key for a retry.
        if (isUserError(err) || err instanceof HttpProblem) {
          // Kept in the first caller's language: a replay answers exactly what was answered.
          const locale = localeOf(req);
          const p = problem(err.code, err.localized(locale), {}, locale);
          repo.complete(token, key, statusOf(err.code), p);
        } else repo.release(token, key);
        throw err;
      }
    },
  };
}
