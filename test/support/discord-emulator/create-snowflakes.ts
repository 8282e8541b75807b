// Snowflakes in Discord's layout (ms since 2015 << 22 | worker | process | increment), so ids are 17-19
// digits, sort by creation time and decode to a sane date in discord.js. One generator per emulator.

const DISCORD_EPOCH = 1420070400000n;

export function createSnowflakes(): () => string {
  let lastMs = 0n;
  let increment = 0n;
  return () => {
    const now = BigInt(Date.now());
    if (now > lastMs) {
      lastMs = now;
      increment = 0n;
    } else {
      increment += 1n;
      // 12 bits of increment per ms; borrow the next millisecond rather than repeat an id.
      if (increment > 4095n) {
        lastMs += 1n;
        increment = 0n;
      }
    }
    return (((lastMs - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
  };
}
