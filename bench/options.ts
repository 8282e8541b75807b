// `npm run bench -- [flags]`: what to run, parsed and checked before anything starts.
import { parseArgs } from 'node:util';

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Runs mserver (a real process, fresh SQLite file) and a bare ws "floor" server against the same fleet of
simulated agents, and prints every mserver figure beside the floor's as a ratio (min / median of rounds).

  --sizes N[,N]        fleet sizes (default 1000,5000,10000)
  --rounds N           rounds per scenario (default 3)
  --broadcasts N       rounds of scenario 2 (default 9, or --rounds if more): a round takes under a
                       second, and the broadcast ratio is the figure that swings most between runs
  --scenarios L        which scenarios, e.g. 1,2,3 (default 1,2,3,4,5,7; 6 on its own takes about 2 min at
                       its full size, so it runs when named: --scenarios 6)
                         1 connect all agents: time, server RSS per agent
                         2 broadcast status to all: time until every outcome is stored
                         3 one command to one agent, sequentially: p50 / p99
                         7 the same through the HTTP API (POST /api/v1/requests, done by SSE; mserver only)
                         4 summary flood from up to 1,000 agents: messages/s stored, event-loop delay
                         5 Discord: /send through the emulator to the edited reply, p50 / p99; and slash
                           commands deferred while the broadcast and the flood run (with 2 or 4)
                         6 history at scale: a fleet's history written into a fresh database, then the
                           chat and console queries, start-up, one command, size and pruning on it
                           (mserver only, in this process; independent of --sizes)
  --history-agents N   fleet of scenario 6 (default 200)
  --history-days N     days of history of scenario 6 (default 90; 30 more are pruned after them)
  --history-runs N     runs of each query in scenario 6 (default 1000: the issue's 200 at least; of 200 the
                       p99 is the second-slowest run, which one hiccup of the machine decides)
  --singles N          commands per round in scenario 3 (default 1000)
  --flood-agents N     agents sending in scenario 4 (default 1000)
  --flood-ms MS        length of one flood (default 3000)
  --slashes N          slash commands per round in scenario 5 (default 30)
  --concurrency N      connections opened at once by the load generator (default 200)
  --targets L          floor,mserver (default both; one alone gives no ratios)
  --quick              a smoke run: sizes 50,200, 2 rounds, short floods
  --profile            write CPU profiles of each phase (both servers) to bench/results/profiles/;
                       the profiler slows the server: figures of such a run are not comparable
  --mserver-root DIR   run mserver from another checkout (with node_modules), to compare a change
  --out FILE           the results file (default bench/results/latest.json)
  --max-minutes N      give up (and clean up) after this long (default 15)
  -h, --help           this text
`;

export interface BenchOptions {
  sizes: number[];
  rounds: number;
  broadcasts: number;
  scenarios: Set<number>;
  singles: number;
  floodAgents: number;
  floodMs: number;
  slashes: number;
  concurrency: number;
  targets: Set<'floor' | 'mserver'>;
  quick: boolean;
  profile: boolean;
  out: string | undefined;
  maxMinutes: number;
  mserverRoot: string | undefined;
  historyAgents: number;
  historyDays: number;
  historyRuns: number;
}

function ints(flag: string, text: string, min: number, max: number): number[] {
  const out = text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (out.length === 0 || out.some((n) => !Number.isInteger(n) || n < min || n > max)) {
    throw new Error(`${flag} takes integers from ${min} to ${max}, comma-separated; got "${text}"`);
  }
  return out;
}

const one = (flag: string, text: string, min: number, max: number) => ints(flag, text, min, max)[0]!;

/** Parses the flags; 'help' for --help; throws a readable message on a bad value. */
export function parseBenchArgs(args: string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      sizes: { type: 'string' },
      rounds: { type: 'string' },
      broadcasts: { type: 'string' },
      scenarios: { type: 'string' },
      singles: { type: 'string' },
      'flood-agents': { type: 'string' },
      'flood-ms': { type: 'string' },
      slashes: { type: 'string' },
      concurrency: { type: 'string' },
      targets: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      'max-minutes': { type: 'string' },
      'mserver-root': { type: 'string' },
      'history-agents': { type: 'string' },
      'history-days': { type: 'string' },
      'history-runs': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick;
  const targets = (values.targets ?? 'floor,mserver').split(',').map((s) => s.trim());
  const bad = targets.filter((t) => t !== 'floor' && t !== 'mserver');
  if (bad.length > 0 || targets.length === 0) throw new Error(`--targets takes floor and/or mserver; got "${values.targets}"`);
  const rounds = one('--rounds', values.rounds ?? (quick ? '2' : '3'), 1, 100);
  return {
    sizes: ints('--sizes', values.sizes ?? (quick ? '50,200' : '1000,5000,10000'), 1, 100_000),
    rounds,
    broadcasts: one('--broadcasts', values.broadcasts ?? String(quick ? rounds : Math.max(rounds, 9)), 1, 100),
    scenarios: new Set(ints('--scenarios', values.scenarios ?? '1,2,3,4,5,7', 1, 7)),
    singles: one('--singles', values.singles ?? (quick ? '20' : '1000'), 1, 100_000),
    floodAgents: one('--flood-agents', values['flood-agents'] ?? '1000', 1, 100_000),
    floodMs: one('--flood-ms', values['flood-ms'] ?? (quick ? '500' : '3000'), 100, 600_000),
    slashes: one('--slashes', values.slashes ?? (quick ? '5' : '30'), 1, 10_000),
    concurrency: one('--concurrency', values.concurrency ?? '200', 1, 10_000),
    targets: new Set(targets as Array<'floor' | 'mserver'>),
    quick,
    profile: values.profile,
    out: values.out,
    maxMinutes: one('--max-minutes', values['max-minutes'] ?? '15', 1, 24 * 60),
    mserverRoot: values['mserver-root'],
    historyAgents: one('--history-agents', values['history-agents'] ?? (quick ? '10' : '200'), 1, 100_000),
    historyDays: one('--history-days', values['history-days'] ?? (quick ? '2' : '90'), 1, 3650),
    historyRuns: one('--history-runs', values['history-runs'] ?? (quick ? '20' : '1000'), 1, 100_000),
  };
}
