// A TestAgent that answers like a validator node for a rolling restart (issue 19): `restart` succeeds,
// `status` reports the container with peers and a best block that advances at every poll. A node told
// `syncing` never finishes syncing; `hold` keeps the restart unanswered until the test lets it go.
import { TestAgent } from './agent.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from './mserver.ts';
import { waitUntil } from './wait.ts';

export interface NodeScript {
  /** The node stays syncing: never healthy. */
  syncing?: boolean;
  /** The restart is answered only once this resolves (a run held in the middle, for a reload). */
  hold?: Promise<void>;
  peers?: number;
}

/** Serves commands until the agent closes or `stopped()`; every command is logged as `<id>:<command>`. */
export async function serveLikeNode(agent: TestAgent, id: string, log: string[], script: NodeScript, stopped: () => boolean): Promise<void> {
  let best = 1000;
  while (!stopped()) {
    const cmd = await agent.nextCommand(60_000).catch(() => undefined);
    if (!cmd) return;
    log.push(`${id}:${cmd.command}`);
    if (cmd.command === 'restart') {
      await script.hold;
      agent.respond(cmd.id, 'success', { result: { state: 'running' } });
    } else if (cmd.command === 'status') {
      best += 2;
      agent.respond(cmd.id, 'success', { result: { containers: [{ name: 'node', state: 'running', is_syncing: script.syncing === true, peers: script.peers ?? 5, best_block: best }] } });
    } else agent.respond(cmd.id, 'failed', { error: 'unexpected' });
  }
}

export interface NodeFleet {
  s: TestServer;
  agents: TestAgent[];
  /** Every command the agents received, in order, as `<id>:<command>`. */
  log: string[];
  /** Stops serving, closes the agents and the server. */
  stop(): Promise<void>;
}

/**
 * mserver with the HTTP API and rolling restarts that take a second at most (polls every 30 ms, a node
 * not healthy after 1 s stops the run), and one node-like agent per id, connected and served.
 */
export async function startNodeFleet(ids: readonly string[], scriptOf: (id: string, i: number) => NodeScript): Promise<NodeFleet> {
  const s = await startTestServer({ http: true, env: { ROLLING_POLL_MS: '30', ROLLING_HEALTH_TIMEOUT_S: '1', ROLLING_MIN_PEERS: '3' } });
  const agents: TestAgent[] = [];
  const log: string[] = [];
  let stopped = false;
  for (const id of ids) agents.push(await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: id, containers: ['node'] } }));
  await waitUntil(() => ids.every((id) => s.app.hub.isConnected(id)), `${ids.length} agents connected`);
  ids.forEach((id, i) => void serveLikeNode(agents[i]!, id, log, scriptOf(id, i), () => stopped));
  return {
    s,
    agents,
    log,
    async stop() {
      stopped = true;
      for (const a of agents) await a.close();
      await s.dispose();
    },
  };
}

/** A promise the test resolves when it chooses (a held answer). */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
