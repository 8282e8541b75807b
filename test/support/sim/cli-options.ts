import { parseArgs } from 'node:util';
import type { FleetOptions, TokenPlacement } from './fleet-options.ts';

export const SIM_USAGE = `Usage: npm run sim -- [options]

Runs a fleet of simulated mclient agents against an mserver.

  --url URL                 mserver WebSocket URL (default ws://127.0.0.1:8765)
  --clients N               number of agents (default 10)
  --token T                 agent token (or the SIM_TOKEN environment variable, which keeps it out of ps)
  --token-in WHERE          header | query | register (default header)
  --id-prefix P             agent ids P-1, P-2.., host names P-host-1.. (default sim); the number is
                            zero-padded to the width of --clients: P-01..P-12 for 12 agents
  --legacy                  old agents: no register message, identity from host_name in summaries
  --containers N            validator containers per agent (default 2)
  --summary-every S         seconds between summaries, 0 = none (default 60)
  --era-every S             seconds per era, so unclaimed payouts accumulate (default 600)
  --response-delay MS       answer delay, MS or MIN-MAX (default 5-40)
  --no-progress             never send 'accepted'/'running' before the answer
  --fail-rate R             fraction 0..1 of commands that fail (default 0)
  --fail CMD[,CMD]          commands that always fail (repeatable)
  --stall CMD[,CMD]         commands that are never answered (repeatable)
  --disconnect-on CMD[,CMD] commands on which the agent drops its connection (repeatable)
  --no-reconnect            stay down after losing the server
  --reconnect-delay MS      delay before reconnecting (default 1000)
  --concurrency N           connections opened at once while starting (default 200)
  --seed N                  seed for reproducible behaviour
  --success-status S        final status of a successful command (default success)
  --status-every S          seconds between status lines (default 5)
  --verbose                 print every connection, command and response
  -h, --help                show this help
`;

export interface SimCliConfig {
  fleet: FleetOptions;
  statusEveryMs: number;
  verbose: boolean;
}

/** Parses the sim's command line; returns 'help' for --help and throws with a readable message on bad input. */
export function parseSimArgs(args: string[], env: Record<string, string | undefined> = {}): SimCliConfig | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string', default: 'ws://127.0.0.1:8765' },
      clients: { type: 'string', default: '10' },
      token: { type: 'string' },
      'token-in': { type: 'string', default: 'header' },
      'id-prefix': { type: 'string', default: 'sim' },
      legacy: { type: 'boolean', default: false },
      containers: { type: 'string', default: '2' },
      'summary-every': { type: 'string', default: '60' },
      'era-every': { type: 'string', default: '600' },
      'response-delay': { type: 'string' },
      'no-progress': { type: 'boolean', default: false },
      'fail-rate': { type: 'string', default: '0' },
      fail: { type: 'string', multiple: true },
      stall: { type: 'string', multiple: true },
      'disconnect-on': { type: 'string', multiple: true },
      'no-reconnect': { type: 'boolean', default: false },
      'reconnect-delay': { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '200' },
      seed: { type: 'string' },
      'success-status': { type: 'string', default: 'success' },
      'status-every': { type: 'string', default: '5' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const tokenIn = values['token-in'];
  if (tokenIn !== 'header' && tokenIn !== 'query' && tokenIn !== 'register') {
    throw new Error(`--token-in must be header, query or register, got ${tokenIn}`);
  }
  const token = values.token ?? env.SIM_TOKEN;
  const fleet: FleetOptions = {
    url: values.url,
    clients: int('--clients', values.clients, 0),
    tokenIn: tokenIn satisfies TokenPlacement,
    idPrefix: values['id-prefix'],
    legacy: values.legacy,
    containersPerAgent: int('--containers', values.containers, 1),
    summaryEveryMs: num('--summary-every', values['summary-every']) * 1000,
    eraEveryMs: num('--era-every', values['era-every']) * 1000,
    progress: !values['no-progress'],
    failRate: num('--fail-rate', values['fail-rate']),
    failCommands: list(values.fail),
    stallCommands: list(values.stall),
    disconnectOnCommands: list(values['disconnect-on']),
    reconnect: !values['no-reconnect'],
    reconnectDelayMs: int('--reconnect-delay', values['reconnect-delay'], 0),
    concurrency: int('--concurrency', values.concurrency, 1),
    successStatus: values['success-status'],
  };
  if (token !== undefined && token !== '') fleet.token = token;
  if (values.seed !== undefined) fleet.seed = int('--seed', values.seed, 0);
  if (values['response-delay'] !== undefined) fleet.responseDelayMs = range('--response-delay', values['response-delay']);
  return { fleet, statusEveryMs: num('--status-every', values['status-every']) * 1000, verbose: values.verbose };
}

function num(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new Error(`${flag} must be a non-negative number, got ${text}`);
  return n;
}

function int(flag: string, text: string, min: number): number {
  const n = num(flag, text);
  if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be an integer >= ${min}, got ${text}`);
  return n;
}

function range(flag: string, text: string): number | [number, number] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`${flag} must be MS or MIN-MAX, got ${text}`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`${flag}: MIN must not exceed MAX, got ${text}`);
  return m[2] === undefined ? min : [min, max];
}

function list(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter((s) => s !== '');
}
