// What may be kept and shown of an agent's answer. backup_keys is reduced to where the backup is, how big
// and its digest, whatever the agent sent (an old agent could send the archive itself); everything else
// passes through secret redaction.
import { createHash } from 'node:crypto';
import type { Redactor } from './redact.ts';

export interface BackupSummary {
  path: string | null;
  size_bytes: number | null;
  sha256: string | null;
  note?: string;
}

// Only an absolute path without quotes: anything else under a path name could be key material.
const BACKUP_PATH = /^\/[^\n"'`]{0,1023}$/;

function pickString(o: Record<string, unknown>, names: string[], pattern?: RegExp): string | null {
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'string' && v.length <= 4096 && (!pattern || pattern.test(v))) return v;
  }
  return null;
}

function pickSize(o: Record<string, unknown>): number | null {
  for (const n of ['size_bytes', 'size', 'bytes', 'length']) {
    const v = o[n];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return null;
}

export function summarizeBackup(result: unknown): BackupSummary {
  if (typeof result === 'string') {
    // Either a path or the backup itself: only a path-like single line is kept.
    if (BACKUP_PATH.test(result)) return { path: result, size_bytes: null, sha256: null };
    return {
      path: null,
      size_bytes: Buffer.byteLength(result),
      sha256: createHash('sha256').update(result).digest('hex'),
      // i18n-exempt: a field of the sanitized result stored in commands.result_json; the stored row format stays as it is
      note: 'the agent sent content instead of a path: only its size and digest were kept',
    };
  }
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    // i18n-exempt: a field of the sanitized result stored in commands.result_json; the stored row format stays as it is
    return { path: null, size_bytes: null, sha256: null, note: 'the agent did not describe the backup' };
  }
  const o = result as Record<string, unknown>;
  return {
    path: pickString(o, ['path', 'file', 'backup_path', 'location'], BACKUP_PATH),
    size_bytes: pickSize(o),
    sha256: pickString(o, ['sha256', 'digest', 'checksum', 'hash'], /^(sha256:)?[0-9a-fA-F]{64}$/),
  };
}

/** A result made safe to keep, with its JSON when redaction already wrote it (storing it again costs as much). */
export interface SanitizedResult {
  value: unknown;
  json: string | undefined;
}

export function createResultSanitizer(redactor: Redactor) {
  return (command: string, result: unknown): SanitizedResult =>
    command === 'backup_keys' ? { value: summarizeBackup(result), json: undefined } : redactor.inspect(result);
}
