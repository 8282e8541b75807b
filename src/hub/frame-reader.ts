// Turns one WebSocket frame into a JSON object with a string `type`, or says plainly why it is not one.
// Text frames are not UTF-8-checked by ws (skipUTF8Validation), so that invalid bytes are a malformed
// message that the connection survives rather than a protocol error that closes it.
import { Envelope } from './protocol.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export type FrameResult = { ok: true; frame: Record<string, unknown> & { type: string } } | { ok: false; reason: string };

// An own `__proto__` key is harmless until some code merges the object; it is dropped at the door.
const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);

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
    // The reviver costs a second pass, so it only runs on the rare frame that could carry such keys.
    value = text.includes('__proto__') ? JSON.parse(text, dropProto) : JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'JSON that is not an object' };
  }
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { ok: false, reason: 'no string "type"' };
  return { ok: true, frame: value as Record<string, unknown> & { type: string } };
}
