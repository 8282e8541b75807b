// A TestAgent that answers like a validator node for a rolling restart (issue 19): `restart` succeeds,
// `status` reports the container with peers and a best block that advances at every poll. A node told
// `syncing` never finishes syncing; `hold` keeps the restart unanswered until the test lets it go.
import type { TestAgent } from './agent.ts';

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
