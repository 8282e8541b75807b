// Probes for systemd, Docker and Kubernetes: /livez (the process serves HTTP; /healthz is the same) and
// /readyz (the hub accepts connections, the database takes writes, Discord is ready when configured),
// 503 naming the part that is not; an unreachable chain RPC is named as degraded, still 200.
import { connect } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Locale } from '../../i18n/locale.ts';
import { translate } from '../../i18n/translate.ts';
import { localeOf, problem, PROBLEM_TYPE } from './problem.ts';

export interface HealthDeps {
  hub: { host: string; port: () => number };
  /** Tries a small write; returns the error text when the database refuses it. */
  databaseWritable: () => string | undefined;
  /** undefined when Discord is not configured. */
  discordReady: (() => boolean) | undefined;
  /** Present with CHAIN_RPC_URL: the last chain read's error text, undefined while it answers. */
  chainProblem?: (() => string | undefined) | undefined;
}

function hubAccepts(locale: Locale, host: string, port: number, timeoutMs = 1000): Promise<string | undefined> {
  const target = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return new Promise((resolve) => {
    const socket = connect({ host: target, port });
    const done = (problemText: string | undefined) => {
      socket.destroy();
      resolve(problemText);
    };
    socket.setTimeout(timeoutMs, () => done(translate(locale, 'http.health.noAnswer', { target: `${target}:${port}`, ms: timeoutMs })));
    socket.once('connect', () => done(undefined));
    socket.once('error', (err: NodeJS.ErrnoException) => done(translate(locale, 'http.health.socketError', { error: err.code ?? err.message, target: `${target}:${port}` })));
  });
}

export async function healthPlugin(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  const live = async () => ({ status: 'ok' });
  app.get('/livez', { schema: { hide: true } }, live);
  app.get('/healthz', { schema: { hide: true } }, live);
  app.get('/readyz', { schema: { hide: true } }, async (req, reply) => {
    const locale = localeOf(req);
    const checks: Record<string, string> = {};
    const failing: string[] = [];
    const check = (name: string, problemText: string | undefined) => {
      // `ok`, `failing:` and `degraded:` are words a probe script matches: they stay English.
      checks[name] = problemText === undefined ? 'ok' : `failing: ${problemText}`; // i18n-exempt: a state word scripts match
      if (problemText !== undefined) failing.push(`${name} (${problemText})`);
    };
    check('hub', await hubAccepts(locale, deps.hub.host, deps.hub.port()));
    check('database', deps.databaseWritable());
    if (deps.discordReady) check('discord', deps.discordReady() ? undefined : translate(locale, 'http.health.discordNotReady'));
    // The chain is named but does not fail the probe: only key hand-overs read it, and the issue asks that
    // an unreachable CHAIN_RPC_URL block nothing else. A 503 would make an orchestrator pull or restart an
    // mserver whose commands, alerts and guard all work, for a fault in a node it does not run.
    const chainProblem = deps.chainProblem?.();
    if (deps.chainProblem) checks.chain = chainProblem === undefined ? 'ok' : `degraded: ${translate(locale, 'http.health.chainDegraded', { problem: chainProblem })}`;
    if (failing.length === 0) return { status: chainProblem === undefined ? 'ready' : 'degraded', checks };
    return reply
      .code(503)
      .type(PROBLEM_TYPE)
      .send(problem('unavailable', translate(locale, 'http.health.notReady', { failing: failing.join('; ') }), { checks }, locale));
  });
}
