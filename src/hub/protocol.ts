// The mclient wire protocol (PROTOCOL.md): what agents may send, checked with zod at the boundary, and
// the exact frames mserver sends. Tolerant on input (extra fields kept, status words mapped generously),
// strict on output (only the seed's frame shapes).
import { z } from 'zod';
import { agentName } from './frame-guard.ts';

/** Any JSON object with a string `type`. */
export const Envelope = z.looseObject({ type: z.string().min(1).max(64) });

const shortText = z.string().min(1).max(256);

export const CommandResponseData = z.looseObject({
  id: z.string().min(1).max(128),
  status: z.string().max(64).optional(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
});

export const KeyUpdateData = z.looseObject({
  container: z.string().min(1).max(256),
  session_key: z.string().min(1).max(8192),
  action: z.string().max(64).optional(),
});

export const RegisterData = z.looseObject({
  client_id: shortText.optional(),
  host_name: shortText.optional(),
  hostname: shortText.optional(),
  version: z.string().max(64).optional(),
  containers: z.array(z.unknown()).max(1000).optional(),
  token: z.string().max(1024).optional(),
});

export type ResponseKind = 'success' | 'failed' | 'progress';

const SUCCESS = new Set(['success', 'succeeded', 'completed', 'complete', 'ok', 'done', 'finished']);
const FAILED = new Set(['failed', 'failure', 'error', 'errored', 'fail']);
const PROGRESS = new Set(['accepted', 'running', 'in_progress', 'in-progress', 'pending', 'started', 'queued', 'progress']);

/**
 * Maps an agent's status word. A missing or unknown word is decided by what came with it: an error
 * means failure, a result alone means success, neither means the agent is still working.
 */
export function classifyStatus(status: string | undefined, hasResult: boolean, hasError: boolean): ResponseKind {
  const word = (status ?? '').trim().toLowerCase();
  if (SUCCESS.has(word)) return 'success';
  if (FAILED.has(word)) return 'failed';
  if (PROGRESS.has(word)) return 'progress';
  if (hasError) return 'failed';
  if (hasResult) return 'success';
  return 'progress';
}

/**
 * An agent id as sent by the agent, or undefined when it is unusable. Ids end up in logs, Discord
 * messages and file names of exports: only plain names (frame-guard.ts), without invisible characters.
 */
export function cleanId(value: unknown): string | undefined {
  return agentName(value);
}

/** Identity per PROTOCOL.md: client_id (top level or data), else host_name / hostname. */
export function identityOf(frame: Record<string, unknown>): { clientId?: string; hostName?: string } {
  const data = frame.data && typeof frame.data === 'object' && !Array.isArray(frame.data) ? (frame.data as Record<string, unknown>) : {};
  const clientId = cleanId(frame.client_id) ?? cleanId(data.client_id);
  const hostName = cleanId(frame.host_name) ?? cleanId(data.host_name) ?? cleanId(frame.hostname) ?? cleanId(data.hostname);
  return { ...(clientId ? { clientId } : {}), ...(hostName ? { hostName } : {}) };
}

/** Container names from a register's list or a summary's container objects. */
export function containerNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const names = new Set<string>();
  for (const item of value.slice(0, 1000)) {
    const name = typeof item === 'string' ? item : item && typeof item === 'object' ? (item as Record<string, unknown>).name : undefined;
    if (typeof name === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/.test(name)) names.add(name);
  }
  return [...names].sort();
}

export function commandFrame(id: string, command: string, params: Record<string, unknown>, timestamp: number): string {
  return JSON.stringify({ type: 'command', data: { id, command, params, timestamp } });
}

export function commandAckFrame(commandId: string, timestamp: number): string {
  return JSON.stringify({ type: 'command_ack', timestamp, command_id: commandId });
}

export function keyUpdateAckFrame(timestamp: number, ok: boolean, message: string): string {
  return JSON.stringify({ type: 'key_update_ack', status: ok ? 'success' : 'error', timestamp, message });
}

/** Result or error text from an agent, bounded so a hostile agent cannot fill the log. */
export function errorText(value: unknown, max = 4000): string {
  // i18n-exempt: stored with a late answer's detail; a failure without a reason is core.run.noReason (message-router.ts)
  const text = typeof value === 'string' ? value : value === undefined ? 'the agent gave no reason' : (JSON.stringify(value) ?? String(value));
  // i18n-exempt: a marker inside the agent's own (English) text, stored with it in commands.error
  return text.length > max ? `${text.slice(0, max)}... [${text.length - max} more characters]` : text;
}
