import type { Rng } from './rng.ts';

/**
 * `count` log lines as a Substrate node prints them, oldest first, ending at `now` and at block `best`:
 * two lines per 6 s block (import, then the periodic idle report), with the occasional authoring line.
 */
export function substrateLogLines(count: number, best: number, finalizedLag: number, now: number, rng: Rng): string[] {
  const lines: string[] = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const back = count - 1 - k;
    const block = best - Math.floor(back / 2);
    const at = timestamp(now - back * 3000);
    if (back % 2 === 1) {
      const roll = rng.next();
      if (roll < 0.04) lines[k] = `${at} 🎁 Prepared block for proposing at ${block} (${rng.int(1, 900)} ms) [hash: ${hash(rng)}; parent_hash: ${short(rng)}; extrinsics (${rng.int(2, 9)}): [${short(rng)}, ${short(rng)}]`;
      else if (roll < 0.06) lines[k] = `${at} 🔖 Pre-sealed block for proposal at ${block}. Hash now ${hash(rng)}, previously ${hash(rng)}.`;
      else lines[k] = `${at} ${rng.chance(0.5) ? '✨' : '🏆'} Imported #${block} (${short(rng)})`;
    } else {
      const peers = rng.int(35, 50);
      lines[k] =
        `${at} 💤 Idle (${peers} peers), best: #${block} (${short(rng)}), finalized #${block - finalizedLag} (${short(rng)}), ` +
        `⬇ ${rng.float(50, 900).toFixed(1)}kiB/s ⬆ ${rng.float(50, 900).toFixed(1)}kiB/s`;
    }
  }
  return lines;
}

function timestamp(ms: number): string {
  // Nodes log local time without a zone; the sim uses UTC so runs are reproducible.
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

function short(rng: Rng): string {
  return `0x${rng.hex(4)}…${rng.hex(4)}`;
}

function hash(rng: Rng): string {
  return `0x${rng.hex(64)}`;
}
