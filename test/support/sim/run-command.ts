import type { ChainClock } from './chain-clock.ts';
import type { PayoutState } from './payout-state.ts';
import { plausibleError } from './plausible-error.ts';
import type { Rng } from './rng.ts';
import { containerBlocks, uptimeSeconds } from './sim-container.ts';
import type { SimContainer } from './sim-container.ts';
import { substrateLogLines } from './substrate-log-lines.ts';

export const COMMANDS = [
  'start',
  'stop',
  'restart',
  'logs',
  'status',
  'exec',
  'backup_keys',
  'payout',
  'rotate_keys',
  'check_keys',
  'has_session_keys',
  'has_key',
] as const;

export type CommandOutcome =
  | { status: 'success'; result: unknown; keyUpdate?: { container: string; session_key: string } }
  | { status: 'failed'; error: string };

/** What a command can see and change of its agent. */
export interface CommandTarget {
  readonly hostName: string;
  readonly sessionKeys: Map<string, string>;
  readonly payout: PayoutState;
  readonly rng: Rng;
  readonly clock: ChainClock;
  readonly blockLag: number;
  container(name: string): SimContainer | undefined;
  containerList(): readonly SimContainer[];
}

export const NODE_VERSION = '1.16.2';
// Session keys in the order `author_rotateKeys` concatenates them on Polkadot/Kusama.
const KEY_ORDER = ['gran', 'babe', 'para', 'asgn', 'audi', 'beef'];
const KEY_TYPES = new Set([...KEY_ORDER, 'aura', 'imon']);
const KNOWN = new Set<string>(COMMANDS);
const OPTIONAL_CONTAINER = new Set(['status', 'payout']);
// `docker logs` works on a stopped container; these need the node itself.
const NEEDS_RUNNING = new Set(['exec', 'rotate_keys', 'check_keys', 'has_session_keys', 'has_key']);

/**
 * Executes one command against the agent's simulated state. `forceFail` (failRate / failCommands) is
 * decided before anything changes, so a failed stop leaves the container running.
 */
export function runCommand(
  t: CommandTarget,
  command: string,
  params: Record<string, unknown>,
  now: number,
  forceFail: boolean,
): CommandOutcome {
  if (!KNOWN.has(command)) return failed(`Unknown command: ${command}`);
  const name = params.container;
  let c: SimContainer | undefined;
  if (name !== undefined || !OPTIONAL_CONTAINER.has(command)) {
    if (typeof name !== 'string' || name === '') return failed('Missing parameter: container');
    c = t.container(name);
    if (!c) return failed(`No such container: ${name}`);
  }
  if (forceFail) return failed(plausibleError(command, c?.name, params));
  if (c && NEEDS_RUNNING.has(command) && !c.running) {
    return failed(`Error response from daemon: container ${c.name} is not running`);
  }
  // Every branch below has its container when the command requires one (checked above).
  const ct = c as SimContainer;
  switch (command) {
    case 'status':
      return ok({
        containers: (c ? [c] : t.containerList()).map((x) => statusOf(t, x, now)),
        ...(payoutInfo(t, now) ?? {}),
      });
    case 'start':
      if (!ct.running) {
        ct.running = true;
        ct.startedAt = now;
      }
      return ok({ container: ct.name, state: 'running', health: uptimeSeconds(ct, now) < 30 ? 'starting' : 'healthy' });
    case 'stop':
      ct.running = false;
      return ok({ container: ct.name, state: 'exited', exit_code: 0, ...(typeof params.reason === 'string' ? { reason: params.reason } : {}) });
    case 'restart': {
      ct.running = true;
      ct.startedAt = now;
      const s = statusOf(t, ct, now);
      return ok({
        container: ct.name,
        state: 'running',
        stop_timeout_s: typeof params.stop_timeout_s === 'number' ? params.stop_timeout_s : 60,
        is_syncing: s.is_syncing,
        peers: s.peers,
        best_block: s.best_block,
        finalized_block: s.finalized_block,
      });
    }
    case 'logs': {
      const lines = params.lines === undefined ? 100 : Number(params.lines);
      if (!Number.isInteger(lines) || lines < 1 || lines > 5000) return failed('Invalid parameter: lines must be an integer between 1 and 5000');
      const best = containerBlocks(ct, t.clock, t.blockLag, now).best_block ?? t.clock.bestBlock(ct.chain, ct.startedAt);
      return ok({ container: ct.name, lines: substrateLogLines(lines, best, 2, ct.running ? now : ct.startedAt, t.rng) });
    }
    case 'exec': {
      if (typeof params.command !== 'string' || params.command.trim() === '') return failed('Missing parameter: command');
      return ok({ container: ct.name, command: params.command, ...execOutput(params.command, t, now) });
    }
    case 'backup_keys': {
      const stamp = new Date(now).toISOString().replace(/[-:]/g, '').slice(0, 15);
      return ok({
        container: ct.name,
        path: `/backups/${t.hostName}/${ct.name}-keys-${stamp}.tar.gz`,
        size_bytes: t.rng.int(4_096, 65_536),
        sha256: t.rng.hex(64),
      });
    }
    case 'payout':
      return payout(t, params, now);
    case 'rotate_keys': {
      const previous = t.sessionKeys.get(ct.name);
      const session_key = '0x' + t.rng.hex(6 * 64);
      // The chain keeps the old keys until session.setKeys: check_keys reports the mismatch meanwhile.
      if (ct.onChainKeys === undefined) ct.onChainKeys = previous;
      t.sessionKeys.set(ct.name, session_key);
      return { status: 'success', result: { container: ct.name, session_key }, keyUpdate: { container: ct.name, session_key } };
    }
    case 'check_keys': {
      const keys = t.sessionKeys.get(ct.name);
      return ok({
        container: ct.name,
        stash: typeof params.stash === 'string' ? params.stash : t.payout.stash,
        has_session_keys: keys !== undefined,
        session_keys: keys ?? null,
        on_chain_match: keys !== undefined && (ct.onChainKeys ?? keys) === keys,
      });
    }
    case 'has_session_keys': {
      const keys = params.session_keys;
      if (typeof keys !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(keys)) return failed('Invalid parameter: session_keys must be 0x-prefixed hex');
      return ok(t.sessionKeys.get(ct.name)?.toLowerCase() === keys.toLowerCase());
    }
    case 'has_key': {
      const type = params.key_type;
      const pub = params.public_key;
      if (typeof type !== 'string' || !KEY_TYPES.has(type)) return failed(`Invalid parameter: key_type must be one of ${[...KEY_TYPES].join(', ')}`);
      if (typeof pub !== 'string' || !/^0x[0-9a-fA-F]{64,66}$/.test(pub)) return failed('Invalid parameter: public_key must be 0x-prefixed hex of 32 or 33 bytes');
      const i = KEY_ORDER.indexOf(type);
      const keys = t.sessionKeys.get(ct.name);
      const held = i >= 0 && keys !== undefined ? keys.slice(2 + i * 64, 2 + (i + 1) * 64) : undefined;
      return ok(held !== undefined && pub.slice(2, 66).toLowerCase() === held.toLowerCase());
    }
    default:
      return failed(`Unknown command: ${command}`);
  }
}

function statusOf(t: CommandTarget, c: SimContainer, now: number) {
  const uptime_s = uptimeSeconds(c, now);
  return {
    name: c.name,
    state: c.running ? 'running' : 'exited',
    uptime_s,
    version: NODE_VERSION,
    ...containerBlocks(c, t.clock, t.blockLag, now),
    peers: c.running ? t.rng.int(35, 50) : 0,
    is_syncing: c.running && uptime_s < 15,
    has_session_keys: t.sessionKeys.has(c.name),
  };
}

function payoutInfo(t: CommandTarget, now: number): { payout_info: unknown } | undefined {
  const info = t.payout.info(t.clock.activeEra(now), t.rng);
  return info === undefined ? undefined : { payout_info: info };
}

function payout(t: CommandTarget, params: Record<string, unknown>, now: number): CommandOutcome {
  const stash = params.stash;
  if (stash !== undefined && stash !== t.payout.stash) return failed(`Stash ${String(stash)} is not managed by this host`);
  const eras = params.eras;
  if (eras !== undefined && !(Array.isArray(eras) && eras.every((e) => Number.isInteger(e)))) return failed('Invalid parameter: eras must be a list of integers');
  const maxEras = params.max_eras === undefined ? 4 : Number(params.max_eras);
  if (!Number.isInteger(maxEras) || maxEras < 1 || maxEras > 84) return failed('Invalid parameter: max_eras must be an integer between 1 and 84');
  const r = t.payout.claim(eras as number[] | undefined, maxEras, t.clock.activeEra(now), t.rng);
  return ok({ stash: t.payout.stash, chain: t.payout.chain, ...r });
}

function execOutput(cmd: string, t: CommandTarget, now: number): { exit_code: number; stdout: string; stderr: string } {
  const word = cmd.trim().split(/\s+/)[0] ?? '';
  switch (word) {
    case 'df':
      return out('Filesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p1  1.8T  1.1T  702G  62% /data\n');
    case 'du':
      return out(`${t.rng.int(180, 900)}G\t/data/chains\n`);
    case 'uptime':
      return out(` ${new Date(now).toISOString().slice(11, 19)} up ${t.rng.int(3, 90)} days,  3:12,  0 users,  load average: 1.02, 0.98, 0.91\n`);
    case 'free':
      return out('               total        used        free      shared  buff/cache   available\nMem:        65712340    21834560     2101880       12344    41775900    43120220\n');
    case 'ls':
      return out('chains\nnetwork\n');
    case 'echo':
      return out(cmd.trim().slice(5) + '\n');
    case 'polkadot':
    case '/usr/bin/polkadot':
      return out(`polkadot ${NODE_VERSION}-8c1a9ab1b4c\n`);
    case 'false':
      return { exit_code: 1, stdout: '', stderr: '' };
    default:
      return out('');
  }
}

function out(stdout: string): { exit_code: number; stdout: string; stderr: string } {
  return { exit_code: 0, stdout, stderr: '' };
}

function ok(result: unknown): CommandOutcome {
  return { status: 'success', result };
}

function failed(error: string): CommandOutcome {
  return { status: 'failed', error };
}
