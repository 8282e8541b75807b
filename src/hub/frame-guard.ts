// i18n-exempt-file: refusal reasons for the audit trail, the log and key_update_ack frames sent to mclient (the wire protocol stays English)
// What an agent names in a frame (its id, its host, its containers) is kept in rows and shown in log
// lines, the console and Discord. A frame naming anything other than a plain name is refused whole, so
// that an agent cannot dress its text up as mserver's own: a container called "✅ **verified**", a
// masked link, a heading, a name that looks like another agent's.
import { CONTAINER_PATTERN } from '../core/catalog.ts';
import { stripInvisible } from '../core/inert-text.ts';

/** An agent id, and a host name: a letter or digit, then up to 63 letters, digits, `_ . : -`. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
export const AGENT_ID_HINT = 'a letter or digit, then up to 63 of letters, digits, _ . : -';

const IDENTITY_FIELDS = ['client_id', 'host_name', 'hostname'] as const;

export interface FrameRefusal {
  /** Where the bad value was, like `data.container` or `data.containers[3]`: never the value itself. */
  field: string;
  reason: string;
}

/**
 * An id or host name as mserver keeps it: zero-width and bidi characters removed and the ends trimmed,
 * or undefined when what is left is not an id.
 */
export function agentName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const name = stripInvisible(value).trim();
  return AGENT_ID_PATTERN.test(name) ? name : undefined;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function containerRefusal(value: unknown, field: string): FrameRefusal | undefined {
  return typeof value === 'string' && CONTAINER_PATTERN.test(value)
    ? undefined
    : { field, reason: 'not a container name (a letter or digit, then up to 127 of letters, digits, _ . -)' };
}

/** Why this frame must not be kept or shown, or undefined when every name in it is plain. */
export function frameRefusal(frame: Record<string, unknown>): FrameRefusal | undefined {
  const data = objectOf(frame.data);
  for (const [where, source] of [['', frame], ['data.', data]] as const) {
    if (!source) continue;
    for (const name of IDENTITY_FIELDS) {
      const value = source[name];
      if (value === undefined || value === null) continue;
      if (agentName(value) === undefined) return { field: `${where}${name}`, reason: `not an agent id (${AGENT_ID_HINT})` };
    }
  }
  if (!data) return undefined;
  if (data.container !== undefined && data.container !== null) {
    const refused = containerRefusal(data.container, 'data.container');
    if (refused) return refused;
  }
  if (Array.isArray(data.containers)) {
    for (const [i, item] of data.containers.entries()) {
      const named = objectOf(item);
      // A container object without a name is passed over, as before; a name that is there must be plain.
      if (named && !Object.hasOwn(named, 'name')) continue;
      const refused = containerRefusal(named ? named.name : item, `data.containers[${i}]${named ? '.name' : ''}`);
      if (refused) return refused;
    }
  }
  return undefined;
}
