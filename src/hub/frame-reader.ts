// i18n-exempt-file: why a frame could not be read, for the log, the audit trail and the close frame sent to the agent
// Turns one WebSocket frame into a JSON object with a string `type`, or says plainly why it is not one.
// Text frames are not UTF-8-checked by ws (skipUTF8Validation), so that invalid bytes are a malformed
// message that the connection survives rather than a protocol error that closes it.
import { Envelope } from './protocol.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type FrameResult = { ok: true; frame: Record<string, unknown> & { type: string } } | { ok: false; reason: string };

/**
 * JSON.parse takes any depth, but JSON.stringify, a JSON.parse reviver and every other walk over a value
 * recurse, and overflow the stack near 5,000 levels: a 30 KB frame, far under the size limit. No agent
 * message nests like that, so deeper frames are refused here, before anything recurses into them.
 */
export const MAX_NESTING = 100;

/**
 * One bounded walk over a parsed value (`depth` is the level of `value`, the frame itself is level 1):
 * false when containers nest deeper than MAX_NESTING; otherwise true, with every own `__proto__` key
 * removed. Such a key is harmless until some code merges the object, so it is dropped at the door; it is
 * looked for on every object, since JSON can spell it with escapes (`"\u005f_proto__"`).
 */
function clean(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (depth > MAX_NESTING) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!clean(item, depth + 1)) return false;
    return true;
  }
  const o = value as Record<string, unknown>;
  if (Object.hasOwn(o, '__proto__')) delete o.__proto__;
  for (const key in o) if (!clean(o[key], depth + 1)) return false;
  return true;
}

export function readFrame(data: Buffer | ArrayBuffer | Buffer[]): FrameResult {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, reason: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'JSON that is not an object' };
  }
  if (!clean(value, 1)) return { ok: false, reason: `nested deeper than ${MAX_NESTING} levels` };
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { ok: false, reason: 'no string "type"' };
  return { ok: true, frame: value as Record<string, unknown> & { type: string } };
}
