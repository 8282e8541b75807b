// One line of `mserver doctor`: what was checked, how it stands, and what to do about it.
export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface CheckLine {
  status: CheckStatus;
  /** What was checked: "database", "channel alerts (1234...)". */
  name: string;
  detail: string;
  /** What to do; required on WARN and FAIL. */
  fix?: string;
}

export const ok = (name: string, detail: string): CheckLine => ({ status: 'OK', name, detail });
export const warn = (name: string, detail: string, fix: string): CheckLine => ({ status: 'WARN', name, detail, fix });
export const fail = (name: string, detail: string, fix: string): CheckLine => ({ status: 'FAIL', name, detail, fix });

export function lineText(c: CheckLine): string {
  return `${c.status.padEnd(4)}  ${c.name}: ${c.detail}${c.fix ? ` -- fix: ${c.fix}` : ''}`;
}
