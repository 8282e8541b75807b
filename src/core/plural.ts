/** `1 agent`, `2 agents`; `plural(3, 'reply', 'replies')` for the irregular ones. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
