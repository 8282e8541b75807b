// Command ids keep the seed's shape `cmd_<ms>_<4 digits>` (digits 1000-9999). The seed's Python server
// drew the digits at random, so two ids of one millisecond could collide. Here each millisecond starts
// at a random place and counts on from it (wrapping within 1000-9999): ids of the same millisecond never
// collide, the millisecond never goes back below the newest stored id, and the ids of one broadcast are
// near-sequential, so SQLite appends them to its id index instead of inserting all over it.

const LOW = 1000;
const SPAN = 9000;

export function createCommandIds(newestStoredMs: number) {
  let ms = newestStoredMs + 1;
  let start = Math.floor(Math.random() * SPAN);
  let used = 0;

  return function next(now: number): string {
    if (now > ms || used >= SPAN) {
      ms = now > ms ? now : ms + 1;
      start = Math.floor(Math.random() * SPAN);
      used = 0;
    }
    const digits = LOW + ((start + used) % SPAN);
    used += 1;
    return `cmd_${ms}_${digits}`;
  };
}
