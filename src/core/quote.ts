// What a person typed (or an agent sent), quoted back in a message: whole when short, cut to 80
// characters with its length when long, so a 200,000-character paste is not echoed whole. Control
// characters are escaped the JSON way: a quoted value never moves a terminal's cursor.
const MAX = 80;

export function quoted(text: string, max = MAX): string {
  const chars = [...text];
  const inner = (s: string) => JSON.stringify(s).slice(1, -1);
  if (chars.length <= max) return `"${inner(text)}"`;
  return `"${inner(chars.slice(0, max).join(''))}…" (${chars.length.toLocaleString('en-US')} characters)`;
}
