// Command ids keep the seed's shape `cmd_<ms>_<4 digits>` (digits 1000-9999). Two ids in the same
// millisecond can draw the same digits, as the seed's Python server could: here the digits used in the
// current millisecond are remembered and redrawn, and the millisecond never goes back below the newest
// stored id, so an id is unique in the process and against the database, even across a clock step back.
import { randomInt } from 'node:crypto';

const LOW = 1000;
const SPAN = 9000;

export function createCommandIds(newestStoredMs: number) {
  let ms = newestStoredMs + 1;
  let used = new Set<number>();

  return function next(now: number): string {
    if (now > ms) {
      ms = now;
      used = new Set();
    }
    if (used.size >= SPAN) {
      ms += 1;
      used = new Set();
    }
    let digits = LOW + randomInt(SPAN);
    // Past half full, scan from the random draw instead of drawing again and again.
    while (used.has(digits)) digits = LOW + ((digits - LOW + 1) % SPAN);
    used.add(digits);
    return `cmd_${ms}_${digits}`;
  };
}
