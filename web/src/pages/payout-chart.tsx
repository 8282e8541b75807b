// An agent's payout history as an inline SVG (issue 17): how long the oldest unclaimed era has waited,
// over time, with the warning and critical lines of the configured thresholds. No chart library, no
// inline style (the CSP allows only the stylesheet): colours come from classes in style.css. The SVG has
// a title and a description, and the same facts are written out below it for screen readers and print.
import { useEffect, useState } from 'preact/hooks';
import { errorText, get } from '../api.ts';
import { formatTime, t } from '../i18n/index.ts';

type Level = 'ok' | 'warning' | 'critical';

interface Point {
  at: string;
  unclaimedCount: number;
  oldestUnclaimedEra: number | null;
  oldestAge: number | null;
  erasLeft: number | null;
  level: Level;
}

export interface PayoutSeries {
  agentId: string;
  since: string;
  until: string;
  thresholds: { warnEras: number; criticalErasLeft: number; historyDepth: number; criticalAge: number };
  downsampled: boolean;
  stored: number;
  points: Point[];
}

const RANGES = [7, 30, 90, 365];
const DAY = 86_400_000;
// The drawing's own units (the SVG scales to its box): the plot sits inside the margins.
const W = 640;
const H = 260;
const M = { left: 44, right: 12, top: 14, bottom: 34 };

const levelText = (l: Level) => t(`payoutChart.level.${l}`);

/** Nothing unclaimed reads as age 0; an age the agent did not let us know is left out. */
const ageOf = (p: Point): number | null => (p.oldestAge ?? (p.unclaimedCount === 0 ? 0 : null));

function Chart({ s }: { s: PayoutSeries }) {
  const from = Date.parse(s.since);
  const to = Math.max(Date.parse(s.until), from + 1);
  const th = s.thresholds;
  const known = s.points.map((p) => ({ p, age: ageOf(p) })).filter((x): x is { p: Point; age: number } => x.age !== null);
  const top = Math.max(th.historyDepth, ...known.map((x) => x.age), 1);
  const x = (ms: number) => M.left + ((ms - from) / (to - from)) * (W - M.left - M.right);
  const y = (age: number) => H - M.bottom - (Math.min(age, top) / top) * (H - M.top - M.bottom);
  // A report holds until the next one: a step line, carried to the end of the range.
  const steps: string[] = [];
  known.forEach(({ p, age }, i) => {
    const px = x(Date.parse(p.at));
    if (i > 0) steps.push(`${px.toFixed(1)},${y(known[i - 1]!.age).toFixed(1)}`);
    steps.push(`${px.toFixed(1)},${y(age).toFixed(1)}`);
  });
  if (known.length > 0) steps.push(`${x(to).toFixed(1)},${y(known[known.length - 1]!.age).toFixed(1)}`);
  const last = s.points[s.points.length - 1];
  const peak = known.reduce<{ p: Point; age: number } | undefined>((m, k) => (m === undefined || k.age > m.age ? k : m), undefined);
  const summary = [
    t('payoutChart.summary', { count: s.points.length, from: formatTime(s.since), to: formatTime(s.until) }),
    s.downsampled ? t('payoutChart.thinned', { stored: s.stored }) : '',
    last === undefined
      ? ''
      : last.unclaimedCount === 0
        ? t('payoutChart.nowClear')
        : t('payoutChart.now', {
            unclaimed: t('fleet.unclaimed', { count: last.unclaimedCount }),
            era: last.oldestUnclaimedEra === null ? t('payoutChart.unknown') : String(last.oldestUnclaimedEra),
            left: last.erasLeft === null ? t('payoutChart.unknown') : t('fleet.erasLeft', { count: last.erasLeft }),
            level: levelText(last.level),
          }),
    peak ? t('payoutChart.peak', { count: peak.age, level: levelText(peak.p.level) }) : '',
  ].filter(Boolean);
  const warningLabel = t('payoutChart.warningLine', { count: th.warnEras });
  const criticalLabel = t('payoutChart.criticalLine', { count: th.criticalErasLeft });
  const threshold = (kind: 'warning' | 'critical' | 'lost', age: number, label: string) => (
    <g class={`threshold ${kind}`} data-line={kind}>
      <line x1={M.left} x2={W - M.right} y1={y(age)} y2={y(age)} />
      <text class="end" x={W - M.right - 4} y={y(age) - 4}>
        {label}
      </text>
      <text class="tick end" x={M.left - 6} y={y(age) + 4}>
        {age}
      </text>
    </g>
  );
  return (
    <figure class="payout-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="payout-chart-title payout-chart-desc" data-points={known.length}>
        <title id="payout-chart-title">{t('payoutChart.svgTitle', { id: s.agentId })}</title>
        <desc id="payout-chart-desc">{[warningLabel, criticalLabel, ...summary].join(' ')}</desc>
        <g class="axis">
          <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} />
          <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} />
          <text class="tick end" x={M.left - 6} y={H - M.bottom + 4}>
            0
          </text>
          <text class="tick" x={M.left} y={H - 8}>
            {formatTime(s.since)}
          </text>
          <text class="tick end" x={W - M.right} y={H - 8}>
            {formatTime(s.until)}
          </text>
        </g>
        {threshold('lost', th.historyDepth, t('payoutChart.lostLine', { count: th.historyDepth }))}
        {threshold('critical', th.criticalAge, criticalLabel)}
        {threshold('warning', th.warnEras, warningLabel)}
        {steps.length > 0 && <polyline class="series" points={steps.join(' ')} />}
        {known.length <= 60 &&
          known.map(({ p, age }) => (
            <circle key={p.at} class={`point level-${p.level}`} cx={x(Date.parse(p.at))} cy={y(age)} r={3.5}>
              <title>{`${formatTime(p.at)}: ${t('fleet.unclaimed', { count: p.unclaimedCount })} · ${levelText(p.level)}`}</title>
            </circle>
          ))}
      </svg>
      <figcaption>
        <strong>{t('payoutChart.yAxis')}</strong>
        {summary.map((line) => (
          <span key={line}> {line}</span>
        ))}
      </figcaption>
    </figure>
  );
}

/** `version` changes when the agent reports a new payout state (the Agent page hears it): read again. */
export function PayoutChart({ agentId, version }: { agentId: string; version: number }) {
  const [days, setDays] = useState(30);
  const [series, setSeries] = useState<PayoutSeries | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    const since = new Date(Date.now() - days * DAY).toISOString();
    get<PayoutSeries>(`/api/v1/agents/${encodeURIComponent(agentId)}/payouts?since=${encodeURIComponent(since)}`).then(
      (s) => {
        setSeries(s);
        setError(null);
      },
      (err) => setError(errorText(err)),
    );
  };
  useEffect(load, [agentId, days, version]);

  return (
    <section aria-labelledby="payout-chart-heading">
      <h2 id="payout-chart-heading">{t('payoutChart.title')}</h2>
      <label>
        {t('payoutChart.range')}{' '}
        <select value={String(days)} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {RANGES.map((d) => (
            <option key={d} value={String(d)}>
              {t('payoutChart.days', { count: d })}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p role="alert" class="notice error">
          {error}
        </p>
      )}
      {series === null ? null : series.points.length === 0 ? <p>{t('payoutChart.none')}</p> : <Chart s={series} />}
    </section>
  );
}
