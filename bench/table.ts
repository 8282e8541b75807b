// The results as a table (the same text on the terminal and in the README) and the targets
// checked against them.
import type { HistoryResult } from './history-scale.ts';
import type { TargetFigures } from './scenarios.ts';
import { ratio, type Rounds } from './stats.ts';

export interface SizeResult {
  agents: number;
  floor?: TargetFigures;
  mserver?: TargetFigures;
  errors: string[];
}

export interface TargetCheck {
  target: string;
  agents: number;
  figure: string;
  met: boolean;
}

export interface BenchResults {
  machine: { cpu: string; cores: number; memoryGB: number; os: string; openFiles: string };
  node: string;
  /** The mserver commit measured ("+changes": its src/ had uncommitted changes). */
  mserver: string;
  date: string;
  durationS: number;
  options: Record<string, unknown>;
  complete: boolean;
  sizes: SizeResult[];
  checks: TargetCheck[];
  /** Scenario 6 (history at scale), when it ran. */
  history?: HistoryResult | undefined;
  historyError?: string | undefined;
}

function num(v: number, digits?: number): string {
  if (!Number.isFinite(v)) return '-';
  const d = digits ?? (Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0);
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

const pair = (r: Rounds | undefined, digits?: number) => (r ? `${num(r.min, digits)} / ${num(r.median, digits)}` : '-');
const times = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '-');
const signed = (v: number, digits = 1) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '-'}${num(Math.abs(v), digits)}` : '-');

interface Row {
  label: string;
  unit: string;
  floor?: Rounds | undefined;
  mserver?: Rounds | undefined;
  digits?: number;
  /** What goes in the ratio column when it is not mserver/floor. */
  versus?: string;
  target?: string;
}

function rowsOf(s: SizeResult): Row[] {
  const f = s.floor;
  const m = s.mserver;
  const rows: Row[] = [];
  if (f?.connect || m?.connect) {
    rows.push({ label: '1 connect all (authenticated)', unit: 'ms', floor: f?.connect?.ms, mserver: m?.connect?.ms, digits: 0 });
    rows.push({ label: '1 server RSS per agent', unit: 'KB', floor: f?.connect?.rssPerAgentKB, mserver: m?.connect?.rssPerAgentKB, digits: 1, target: '<= 2x' });
  }
  if (f?.broadcast || m?.broadcast) {
    rows.push({ label: '2 broadcast status, all stored', unit: 'ms', floor: f?.broadcast?.ms, mserver: m?.broadcast?.ms, digits: 0, target: '<= 1.5x' });
  }
  if (f?.single || m?.single) {
    rows.push({ label: '3 one command, p50', unit: 'ms', floor: f?.single?.p50, mserver: m?.single?.p50 });
    rows.push({ label: '3 one command, p99', unit: 'ms', floor: f?.single?.p99, mserver: m?.single?.p99, target: s.agents === 1000 ? '<= 2x' : undefined });
  }
  if (m?.http) {
    const added = m.single ? m.http.p50.median - m.single.p50.median : Number.NaN;
    rows.push({ label: '7 POST /api/v1/requests -> finished, p50', unit: 'ms', mserver: m.http.p50, versus: `${signed(added)} ms vs 3`, target: '< +2 ms' });
    rows.push({ label: '7 POST /api/v1/requests -> finished, p99', unit: 'ms', mserver: m.http.p99, versus: m.single ? `${signed(m.http.p99.median - m.single.p99.median)} ms vs 3` : undefined });
  }
  if (f?.flood || m?.flood) {
    const agents = (m?.flood ?? f?.flood)!.agents;
    rows.push({ label: `4 summaries stored/s (${agents} agents)`, unit: '/s', floor: f?.flood?.perSecond, mserver: m?.flood?.perSecond, digits: 0, target: '>= 0.5x' });
    rows.push({ label: '4 event-loop delay p99 meanwhile', unit: 'ms', floor: f?.flood?.loopP99, mserver: m?.flood?.loopP99, digits: 0, target: '< 100 ms' });
    rows.push({ label: '4 event-loop delay max meanwhile', unit: 'ms', floor: f?.flood?.loopMax, mserver: m?.flood?.loopMax, digits: 0 });
  }
  if (m?.discord) {
    const added = m.single ? m.discord.p50.median - m.single.p50.median : Number.NaN;
    rows.push({ label: '5 Discord /send -> edited reply, p50', unit: 'ms', mserver: m.discord.p50, versus: `${signed(added)} ms vs 3`, target: '< +50 ms' });
    rows.push({ label: '5 Discord /send -> edited reply, p99', unit: 'ms', mserver: m.discord.p99, versus: m.single ? `${signed(m.discord.p99.median - m.single.p99.median)} ms vs 3` : undefined });
    rows.push({ label: '5 Discord deferral, p50', unit: 'ms', mserver: m.discord.deferP50 });
  }
  if (m?.underLoad) {
    const u = m.underLoad;
    const one = (v: number): Rounds => ({ min: v, median: v, max: v, values: [v] });
    rows.push({ label: `5 deferral under load, p99 (${u.defer.count} cmds)`, unit: 'ms', mserver: one(u.defer.p99), digits: 0, versus: `max ${num(u.defer.max, 0)} ms`, target: '<= 250 ms' });
    rows.push({
      label: '5 heartbeat under load: longest stall',
      unit: 'ms',
      mserver: one(u.loopMaxMs),
      digits: 0,
      versus: heartbeatText(u),
      target: 'never missed',
    });
  }
  if (f?.foreignCpuCores !== undefined || m?.foreignCpuCores !== undefined) {
    const one = (v: number | undefined): Rounds | undefined => (v === undefined ? undefined : { min: v, median: v, max: v, values: [v] });
    rows.push({ label: '- CPU used by other processes', unit: 'cores', floor: one(f?.foreignCpuCores), mserver: one(m?.foreignCpuCores), digits: 2, versus: '', target: '~0 (quiet machine)' });
  }
  return rows;
}

/**
 * A heartbeat is missed when discord.js reconnected (it found an ACK missing when the next heartbeat was
 * due), and at risk of it when the loop stalled for a whole interval: whether that stall fell right
 * after a heartbeat was sent is luck.
 */
function heartbeatMissed(u: NonNullable<TargetFigures['underLoad']>): boolean {
  return u.reconnects + u.resumes > 0 || u.loopMaxMs >= (u.heartbeatIntervalMs ?? 1000);
}

function heartbeatText(u: NonNullable<TargetFigures['underLoad']>): string {
  const zombies = u.reconnects + u.resumes;
  if (zombies > 0) return `${zombies} reconnects`;
  return heartbeatMissed(u) ? `late (>= ${u.heartbeatIntervalMs ?? 1000} ms)` : 'on time';
}

/** The results as an aligned Markdown table: readable on a terminal, rendered in the README. */
export function renderTable(r: BenchResults): string {
  const header = ['agents', 'scenario', 'unit', 'floor min / median', 'mserver min / median', 'ratio (median)', 'target'];
  const body: string[][] = [];
  for (const s of r.sizes) {
    for (const row of rowsOf(s)) {
      const rt = row.versus ?? (row.floor && row.mserver ? times(ratio(row.mserver.median, row.floor.median)) : '');
      body.push([num(s.agents, 0), row.label, row.unit, pair(row.floor, row.digits), pair(row.mserver, row.digits), rt, row.target ?? '']);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

export function renderChecks(checks: TargetCheck[]): string {
  return checks.map((c) => `${c.met ? 'met   ' : 'MISSED'}  ${c.target} (${num(c.agents, 0)} agents): ${c.figure}`).join('\n');
}

/** The targets, each checked where it was measured. */
export function checkTargets(sizes: SizeResult[]): TargetCheck[] {
  const out: TargetCheck[] = [];
  for (const s of sizes) {
    const f = s.floor;
    const m = s.mserver;
    if (!m) continue;
    const agents = s.agents;
    if (agents >= 10_000) {
      const failures =
        (m.connect?.failures ?? 0) + (m.broadcast?.failures ?? 0) + (m.single?.failures ?? 0) + (m.http?.failures ?? 0) + (m.discord?.failures ?? 0) + (m.underLoad?.failed ?? 0);
      out.push({
        target: '10,000 agents connected and served, nothing fails',
        agents,
        figure: `${failures} failed connections or commands; ${s.errors.length} errors`,
        met: failures === 0 && s.errors.length === 0,
      });
    }
    if (f?.broadcast && m.broadcast) {
      const x = ratio(m.broadcast.ms.median, f.broadcast.ms.median);
      out.push({ target: 'broadcast, every outcome stored: <= 1.5x the floor', agents, figure: times(x), met: x <= 1.5 });
    }
    if (agents === 1000 && f?.single && m.single) {
      const x = ratio(m.single.p99.median, f.single.p99.median);
      out.push({
        target: 'single-command p99 with 1,000 idle agents: <= 2x the floor',
        agents,
        figure: `${times(x)} (${num(m.single.p99.median)} vs ${num(f.single.p99.median)} ms)`,
        met: x <= 2,
      });
    }
    if (f?.flood && m.flood) {
      const x = ratio(m.flood.perSecond.median, f.flood.perSecond.median);
      const p99 = m.flood.loopP99.median;
      out.push({
        target: 'summary ingest with storage: >= 50% of the floor, loop delay p99 < 100 ms',
        agents,
        figure: `${num(x * 100, 0)}% of the floor, p99 ${num(p99, 0)} ms`,
        met: x >= 0.5 && p99 < 100,
      });
    }
    if (f?.connect && m.connect) {
      const x = ratio(m.connect.rssPerAgentKB.median, f.connect.rssPerAgentKB.median);
      out.push({ target: 'RSS per idle agent: <= 2x the floor', agents, figure: times(x), met: x <= 2 });
    }
    if (m.http && m.single) {
      const added = m.http.p50.median - m.single.p50.median;
      out.push({ target: 'one command through POST /api/v1/requests adds < 2 ms p50 over scenario 3', agents, figure: `${signed(added, 2)} ms`, met: added < 2 });
    }
    if (m.discord && m.single) {
      const added = m.discord.p50.median - m.single.p50.median;
      out.push({ target: 'the Discord path adds < 50 ms p50 over scenario 3', agents, figure: `${signed(added)} ms`, met: added < 50 });
    }
    if (m.underLoad) {
      const u = m.underLoad;
      out.push({
        target: 'under broadcast and flood: slash commands deferred <= 250 ms p99, heartbeat never missed',
        agents,
        figure:
          `deferred p99 ${num(u.defer.p99, 0)} ms over ${u.defer.count} commands (${u.failed} failed); heartbeat ${heartbeatText(u)}: ` +
          `${u.reconnects + u.resumes} reconnects, longest stall ${num(u.loopMaxMs, 0)} ms (interval ${num(u.heartbeatIntervalMs ?? 1000, 0)} ms)`,
        met: u.defer.p99 <= 250 && !heartbeatMissed(u) && u.failed === 0 && u.defer.count > 0,
      });
    }
  }
  return out;
}
