// One line of `mserver doctor`: what was checked, how it stands, and what to do about it.
import type { Translator } from '../i18n/translate.ts';

export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

export interface CheckLine {
  status: CheckStatus;
  /** What was checked, in the reader's language: "database", "channel alerts". */
  name: string;
  detail: string;
  /** What to do; required on WARN and FAIL. */
  fix?: string;
}

export const ok = (name: string, detail: string): CheckLine => ({ status: 'OK', name, detail });
export const warn = (name: string, detail: string, fix: string): CheckLine => ({ status: 'WARN', name, detail, fix });
export const fail = (name: string, detail: string, fix: string): CheckLine => ({ status: 'FAIL', name, detail, fix });

/** OK / WARN / FAIL stay as they are in every language: scripts grep them. */
export function lineText(c: CheckLine, t: Translator): string {
  return t('startup.doctor.line', { status: c.status.padEnd(4), name: c.name, detail: c.detail }) + (c.fix ? t('startup.doctor.fix', { fix: c.fix }) : '');
}
