// The Discord side of the benchmark: the emulator from test/support (the real discord.js client inside
// mserver logs in to it), /send slash commands timed from the INTERACTION_CREATE to the deferral and to
// the edited reply, and a stream of such commands fired while a load runs.
import { performance } from 'node:perf_hooks';
import { MEMBERS, IDS, startEmulator, stackEnv } from '../test/support/discord-stack.ts';
import { opt, type DiscordEmulator } from '../test/support/discord-emulator/index.ts';

export { stackEnv };

/** The heartbeat interval of the emulator that startEmulator() starts (Discord's own is 41,250 ms). */
export const HEARTBEAT_INTERVAL_MS = 1000;

const FINAL = /\*\*(success|failed|timed out|not connected|disconnected|interrupted)\*\*/;

export interface SlashTiming {
  /** From the INTERACTION_CREATE written to the bot's socket to the deferral reaching Discord. */
  deferMs: number;
  /** From the slash command to the reply edited with the final outcome. */
  doneMs: number;
  ok: boolean;
}

export async function startDiscord(): Promise<{ emu: DiscordEmulator; env: Record<string, string> }> {
  const emu = await startEmulator();
  return { emu, env: stackEnv(emu) };
}

/** Logged in, guild commands registered: a slash command will be handled. */
export async function waitBotReady(emu: DiscordEmulator, timeoutMs: number): Promise<void> {
  await emu.waitFor(() => emu.gatewayStats().connected && emu.commands(IDS.guild).some((c) => c.name === 'send'), timeoutMs);
}

/** Zombie connections or resumes mean discord.js missed a heartbeat ACK (its own rule) and reconnected. */
export function gatewayHealth(emu: DiscordEmulator): { connections: number; identifies: number; resumes: number; invalidSessions: number } {
  const s = emu.gatewayStats();
  return { connections: s.connections, identifies: s.identifies, resumes: s.resumes, invalidSessions: s.invalidSessions };
}

function deferredAt(emu: DiscordEmulator, id: string, token: string): number | undefined {
  const path = `/interactions/${id}/${token}/callback`;
  for (let i = emu.requests.length - 1; i >= 0; i--) {
    const r = emu.requests[i]!;
    if (r.path === path && r.method === 'POST') return r.at;
  }
  return undefined;
}

/** `/send target:<agent> command:status` as an operator, timed. */
export async function slashStatus(emu: DiscordEmulator, agent: string, timeoutMs: number): Promise<SlashTiming> {
  const t0 = performance.now();
  const ref = await emu.slash({
    name: 'send',
    options: [opt.string('target', agent), opt.string('command', 'status')],
    user: MEMBERS.operator.user,
    roles: [...MEMBERS.operator.roles],
    channelId: IDS.channels.ops,
  });
  const description = await emu.waitFor(() => {
    const d = emu.interaction(ref.id).original?.embeds[0]?.description;
    return d !== undefined && FINAL.test(d) ? d : undefined;
  }, timeoutMs);
  const doneMs = performance.now() - t0;
  const st = emu.interaction(ref.id);
  const at = deferredAt(emu, ref.id, ref.token);
  return { deferMs: at !== undefined && st.sentAt !== null ? at - st.sentAt : Number.NaN, doneMs, ok: description.includes('**success**') };
}

export interface ProbeResults {
  deferMs: number[];
  doneMs: number[];
  sent: number;
  failed: number;
  errors: string[];
}

export interface ProbeStream {
  /** Stops firing and waits for the commands in flight. */
  stop(): Promise<ProbeResults>;
}

/** Fires one timed slash command every `everyMs` (not waiting for the previous one) until stopped. */
export function probeStream(emu: DiscordEmulator, agents: readonly string[], everyMs: number, timeoutMs: number): ProbeStream {
  const inflight: Array<Promise<SlashTiming | Error>> = [];
  let n = 0;
  const fire = () => {
    const agent = agents[n++ % agents.length]!;
    inflight.push(slashStatus(emu, agent, timeoutMs).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))));
  };
  fire();
  const timer = setInterval(fire, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      const all = await Promise.all(inflight);
      const ok = all.filter((r): r is SlashTiming => !(r instanceof Error));
      const errors = all.filter((r): r is Error => r instanceof Error).map((e) => e.message.split('\n')[0]!);
      return {
        deferMs: ok.map((r) => r.deferMs).filter(Number.isFinite),
        doneMs: ok.map((r) => r.doneMs),
        sent: all.length,
        failed: errors.length + ok.filter((r) => !r.ok).length,
        errors: errors.slice(0, 5),
      };
    },
  };
}
