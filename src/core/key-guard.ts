// Which session keys each host holds, and whether a start, restart or stop may run now. Two nodes with
// the same session keys equivocate (two blocks in one slot, two GRANDPA votes) and get slashed, and a
// key hand-over (rotate, session.setKeys, two sessions, then stop the old node) goes wrong under
// pressure: this is where mserver refuses the dangerous step before it happens. Pure rules over an
// in-memory index; the store behind the KeyGuardStore port keeps it across restarts.
import type { Locale } from '../i18n/locale.ts';
import { msg, render, type Message } from '../i18n/message.ts';
import type { AlertAction } from './alert-actions.ts';
import { UserError } from './errors.ts';
import type { Actor, Via } from './ports.ts';

export type KeySource = 'key_update' | 'check_keys' | 'has_session_keys' | 'has_key' | 'rotate_keys' | 'chain';

/** One public key a container showed mserver: the concatenated keys are kept whole as `session_keys`. */
export interface KeySighting {
  agentId: string;
  container: string;
  keyType: string;
  publicKey: string;
  source: KeySource;
  at: number;
}

/** One public key held by two or more agents/containers: each holder with where it was seen. */
export interface DuplicateKey {
  publicKey: string;
  holders: KeySighting[];
}

export type HandoverState = 'pending' | 'submitted' | 'done' | 'superseded';
export type ChainState = 'confirmed' | 'mismatch' | 'unreachable' | null;
/**
 * What a hand-over's "verified" rests on. Without CHAIN_RPC_URL: the node's word (has_session_keys).
 * With it: the chain alone; the node's answer only starts the wait, and a stash mserver does not know is
 * said so (never guessed).
 */
export type KeyBasis = 'node' | 'chain_waiting' | 'chain_verified' | 'chain_mismatch' | 'chain_unreachable' | 'no_stash';

export interface Handover {
  id: number;
  agentId: string;
  container: string;
  sessionKey: string;
  stash: string | null;
  state: HandoverState;
  rotatedBy: string;
  rotatedAt: number;
  submittedBy: string | null;
  submittedAt: number | null;
  doneAt: number | null;
  chainState: ChainState;
  chainAt: number | null;
}

/** What the guard keeps (implemented by src/store/key-safety-repo.ts). */
export interface KeyGuardStore {
  sightings(): KeySighting[];
  putSighting(s: KeySighting): void;
  dropSighting(agentId: string, container: string, keyType: string): void;
  openHandovers(): Handover[];
  addHandover(h: Omit<Handover, 'id'>): number;
  saveHandover(h: Handover): void;
}

export type GuardVerdict =
  | { kind: 'ok' }
  /** Refused unless an admin overrides through a critical approval; `warning` spells out why for the approver. */
  | { kind: 'refuse'; reason: Message; warning: readonly Message[] }
  /** Allowed only after a critical approval that shows `warning`. */
  | { kind: 'escalate'; warning: readonly Message[] };

export interface GuardInput {
  command: string;
  agents: readonly string[];
  params: Record<string, unknown>;
}

export interface KeyGuardDeps {
  store: KeyGuardStore;
  now: () => number;
  /** SESSION_LENGTH_MIN in ms: a submitted hand-over is done two sessions later. */
  sessionMs: number;
  /** The stash a container validates for, when mserver knows it (check_keys stash, the agent's payout info). */
  stashOf?: (agentId: string, container: string) => string | undefined;
  /** CHAIN_RPC_URL is set: the two sessions count from when the chain shows the keys next/queued, not from Submitted. */
  chainVerifies?: boolean;
}

const loc = (agentId: string, container: string) => `${agentId}\n${container}`;
const short = (key: string) => (key.length > 26 ? `${key.slice(0, 18)}…${key.slice(-6)}` : key);

/** Lower-case 0x hex, or undefined for anything that is not a public key in hex (shown raw elsewhere, never guessed). */
export function normalKey(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return /^0x(?:[0-9a-fA-F]{2}){32,}$/.test(v) ? v.toLowerCase() : undefined;
}

/** `esc` makes what the agent named safe for the medium (Markdown in Discord); plain by default. */
export function whereText(s: Pick<KeySighting, 'agentId' | 'container'>, esc: (text: string) => string = (text) => text): string {
  return `${esc(s.agentId.slice(0, 100))} / ${esc(s.container.slice(0, 128))}`;
}

/** The duplicate spelled out: the key, its type, every holder and where mserver saw it. */
export function duplicateMessage(d: DuplicateKey, iso: (at: number) => string = (at) => new Date(at).toISOString(), esc: (text: string) => string = (text) => text): Message {
  const types = esc([...new Set(d.holders.map((h) => h.keyType))].join(' / '));
  const each = d.holders.map((h) => msg('core.key.holder', { where: whereText(h, esc), type: esc(h.keyType), at: iso(h.at), source: h.source }));
  // "a and b and c": each pair joined in the reader's language.
  const holders = each.slice(1).reduce<Message>((a, b) => msg('core.list.and', { a, b }), each[0] ?? msg('core.list.none'));
  return msg('core.key.duplicate', { types, key: d.publicKey, holders });
}

/** duplicateMessage rendered: English unless the reader's language is given. */
export function duplicateText(d: DuplicateKey, iso?: (at: number) => string, esc?: (text: string) => string, locale: Locale = 'en'): string {
  return render(locale, duplicateMessage(d, iso, esc));
}

export function createKeyGuard(deps: KeyGuardDeps) {
  const { store, now } = deps;
  const byLoc = new Map<string, Map<string, KeySighting>>();
  const byKey = new Map<string, Map<string, KeySighting>>();
  /** Keys held by two or more locations: duplicates() walks only these, so a large fleet costs nothing. */
  const dupKeys = new Set<string>();
  const handovers = new Map<string, Handover>();
  const doneListeners = new Set<(h: Handover) => void>();

  function holdersOf(key: string): KeySighting[] {
    return [...(byKey.get(key)?.values() ?? [])];
  }
  function locationsOf(key: string): Set<string> {
    return new Set(holdersOf(key).map((h) => loc(h.agentId, h.container)));
  }
  function refresh(key: string): void {
    if (locationsOf(key).size > 1) dupKeys.add(key);
    else dupKeys.delete(key);
  }
  function unindex(s: KeySighting): void {
    const m = byKey.get(s.publicKey);
    m?.delete(`${loc(s.agentId, s.container)}\n${s.keyType}`);
    if (m && m.size === 0) byKey.delete(s.publicKey);
    refresh(s.publicKey);
  }
  function index(s: KeySighting): void {
    const l = loc(s.agentId, s.container);
    let types = byLoc.get(l);
    if (!types) byLoc.set(l, (types = new Map()));
    const old = types.get(s.keyType);
    if (old) unindex(old);
    types.set(s.keyType, s);
    let m = byKey.get(s.publicKey);
    if (!m) byKey.set(s.publicKey, (m = new Map()));
    m.set(`${l}\n${s.keyType}`, s);
    refresh(s.publicKey);
  }

  for (const s of store.sightings()) index(s);
  for (const h of store.openHandovers()) handovers.set(loc(h.agentId, h.container), h);

  function duplicateOf(key: string): DuplicateKey {
    return { publicKey: key, holders: holdersOf(key).sort((a, b) => a.at - b.at) };
  }

  function duplicatesAt(agentId: string, container: string): DuplicateKey[] {
    const types = byLoc.get(loc(agentId, container));
    if (!types) return [];
    return [...new Set([...types.values()].map((s) => s.publicKey))].filter((k) => dupKeys.has(k)).map(duplicateOf);
  }

  /** When the two sessions start counting: Submitted on the operator's word, or the chain's confirmation when it is read. */
  function countFrom(h: Handover): number | null {
    if (h.state !== 'submitted') return null;
    if (deps.chainVerifies) return h.chainState === 'confirmed' ? h.chainAt : null;
    return h.submittedAt;
  }
  function doneAt(h: Handover): number | undefined {
    const from = countFrom(h);
    return from === null ? undefined : from + 2 * deps.sessionMs;
  }

  /** Submitted hand-overs whose two sessions have passed are done; returns the ones that just finished. */
  function settle(): Handover[] {
    const t = now();
    const finished: Handover[] = [];
    for (const [l, h] of handovers) {
      const at = doneAt(h);
      if (at !== undefined && t >= at) {
        const done: Handover = { ...h, state: 'done', doneAt: at };
        store.saveHandover(done);
        handovers.delete(l);
        finished.push(done);
      }
    }
    for (const h of finished) for (const l of doneListeners) l(h);
    return finished;
  }

  function stashFor(agentId: string, container: string): string | undefined {
    return deps.stashOf?.(agentId, container);
  }

  /** The approver's warning for a stop during a hand-over (stored with the request, shown in each approver's language). */
  function handoverMessage(h: Handover, target: { agentId: string; container: string }, stashKnown: boolean): Message {
    const iso = (at: number) => new Date(at).toISOString();
    const active = doneAt(h);
    const step =
      h.state === 'pending'
        ? msg('core.handover.rotated', { by: h.rotatedBy, at: iso(h.rotatedAt) })
        : msg('core.handover.submitted', {
            by: h.submittedBy ?? msg('core.handover.someone'),
            at: iso(h.submittedAt ?? 0),
            active: active !== undefined ? msg('core.handover.activeFrom', { at: iso(active) }) : msg('core.handover.notQueued'),
          });
    const link = stashKnown ? msg('core.handover.sameStash', { stash: h.stash ?? stashFor(h.agentId, h.container) ?? '' }) : msg('core.handover.unknownStash');
    return msg('core.handover.warning', { where: whereText(h), step, target: whereText(target), link });
  }


  return {
    /** Records a key a container showed; returns the duplicate when this sighting made a new one. */
    saw(s: KeySighting): DuplicateKey | undefined {
      const l = loc(s.agentId, s.container);
      const wasHere = locationsOf(s.publicKey).has(l);
      const before = locationsOf(s.publicKey).size;
      store.putSighting(s);
      index(s);
      const after = locationsOf(s.publicKey).size;
      return !wasHere && after > 1 && after > before ? duplicateOf(s.publicKey) : undefined;
    },

    /** The container answered that it does not hold this key: forget it there. */
    notHeld(agentId: string, container: string, keyType: string, publicKey: string): void {
      const s = byLoc.get(loc(agentId, container))?.get(keyType);
      if (!s || s.publicKey !== publicKey) return;
      byLoc.get(loc(agentId, container))!.delete(keyType);
      store.dropSighting(agentId, container, keyType);
      unindex(s);
    },

    duplicates(): DuplicateKey[] {
      return [...dupKeys].map(duplicateOf);
    },
    duplicatesAt,
    keysAt(agentId: string, container: string): KeySighting[] {
      return [...(byLoc.get(loc(agentId, container))?.values() ?? [])];
    },

    /** The dispatcher's question: may this command run now, on these agents, with these parameters? */
    check(input: GuardInput): GuardVerdict {
      const container = typeof input.params.container === 'string' ? input.params.container : undefined;
      if (!container) return { kind: 'ok' };
      if (input.command === 'start' || input.command === 'restart') {
        const found = input.agents.flatMap((a) => duplicatesAt(a, container));
        if (found.length === 0) return { kind: 'ok' };
        return {
          kind: 'refuse',
          reason: msg('core.key.refused', { command: input.command, duplicates: found.map((d) => duplicateMessage(d)) }),
          // Stored with the request (requests.warning, as its key and values) and shown in each approver's language.
          warning: [msg('core.key.overrideWarning', { duplicates: found.map((d) => duplicateMessage(d)), command: input.command })],
        };
      }
      if (input.command === 'stop') {
        settle();
        const warnings: Message[] = [];
        for (const agentId of input.agents) {
          for (const h of handovers.values()) {
            if (h.state !== 'pending' && h.state !== 'submitted') continue;
            if (h.agentId === agentId && h.container === container) continue;
            const hs = h.stash ?? stashFor(h.agentId, h.container);
            const ts = stashFor(agentId, container);
            const same = hs !== undefined && ts !== undefined && hs === ts;
            const unknown = (hs === undefined || ts === undefined) && byLoc.has(loc(agentId, container));
            if (same || unknown) warnings.push(handoverMessage(h, { agentId, container }, same));
          }
        }
        return warnings.length > 0 ? { kind: 'escalate', warning: warnings } : { kind: 'ok' };
      }
      return { kind: 'ok' };
    },

    /** A rotation the node confirmed holding: the container is now in hand-over (an older one is superseded). */
    beginHandover(h: { agentId: string; container: string; sessionKey: string; stash: string | null; rotatedBy: string; rotatedAt: number }): Handover {
      const l = loc(h.agentId, h.container);
      const old = handovers.get(l);
      if (old && old.sessionKey === h.sessionKey) return old;
      if (old) store.saveHandover({ ...old, state: 'superseded' });
      const fresh: Omit<Handover, 'id'> = { ...h, state: 'pending', submittedBy: null, submittedAt: null, doneAt: null, chainState: null, chainAt: null };
      const made = { ...fresh, id: store.addHandover(fresh) };
      handovers.set(l, made);
      return made;
    },

    /** session.setKeys was sent: the two sessions start counting now. */
    submitted(agentId: string, container: string, by: string, stash?: string): Handover {
      settle();
      const h = handovers.get(loc(agentId, container));
      if (!h) throw new UserError('not_found', msg('core.key.noHandover', { where: whereText({ agentId, container }) }));
      const next: Handover = { ...h, state: 'submitted', submittedBy: h.submittedBy ?? by, submittedAt: h.submittedAt ?? now(), stash: stash ?? h.stash };
      store.saveHandover(next);
      handovers.set(loc(agentId, container), next);
      return next;
    },

    /**
     * What the chain said about this hand-over's keys; 'waiting' is a pending hand-over whose keys the chain
     * does not carry yet (not a mismatch: nobody said setKeys was sent). Keys seen on chain while pending
     * mean setKeys was sent: the hand-over counts as submitted from then, by the chain's word.
     */
    chainChecked(agentId: string, container: string, state: Exclude<ChainState, null> | 'waiting'): Handover | undefined {
      const h = handovers.get(loc(agentId, container));
      if (!h) return undefined;
      const chainState = state === 'waiting' ? null : state;
      // The first confirmation is when the two sessions start; a later read does not move it.
      const chainAt = state === 'confirmed' && h.chainState === 'confirmed' ? h.chainAt : now();
      // i18n-exempt: who reported setKeys, stored in key_handovers.submitted_by beside members' names
      const seen = state === 'confirmed' && h.state === 'pending' ? { state: 'submitted' as const, submittedBy: 'the chain (session.nextKeys / queuedKeys)', submittedAt: now() } : {};
      const next: Handover = { ...h, ...seen, chainState, chainAt };
      store.saveHandover(next);
      handovers.set(loc(agentId, container), next);
      return next;
    },

    handoverAt(agentId: string, container: string): Handover | undefined {
      settle();
      return handovers.get(loc(agentId, container));
    },
    openHandovers(): Handover[] {
      settle();
      return [...handovers.values()];
    },
    settle,
    /** Called once for each hand-over as it finishes (whoever noticed first: a tick or a check). */
    onDone(listener: (h: Handover) => void): () => void {
      doneListeners.add(listener);
      return () => doneListeners.delete(listener);
    },
    /** When a submitted hand-over will be done; undefined while the chain (when read) has not shown the keys. */
    doneAt,
    /** The stash a hand-over's keys are checked against on chain; undefined when mserver does not know it. */
    stashAt: stashFor,
    stashOfHandover(h: Handover): string | undefined {
      return h.stash ?? stashFor(h.agentId, h.container);
    },
    basisOf(h: Handover): KeyBasis {
      if (!deps.chainVerifies) return 'node';
      if (h.chainState === 'confirmed') return 'chain_verified';
      if ((h.stash ?? stashFor(h.agentId, h.container)) === undefined) return 'no_stash';
      if (h.chainState === 'mismatch') return 'chain_mismatch';
      return h.chainState === 'unreachable' ? 'chain_unreachable' : 'chain_waiting';
    },
    chainVerifies: deps.chainVerifies === true,
    short,
  };
}

export type KeyGuard = ReturnType<typeof createKeyGuard>;

/** What the transports use of validator safety: the guard, hand-over steps, and the buttons under alerts. */
export interface KeySafetyPort {
  guard: KeyGuard;
  /** Records that session.setKeys was sent (audited); throws a UserError when no hand-over is in progress there. */
  submitted(agentId: string, container: string, actor: Actor, via: Via, stash?: string): Handover;
  action(id: number): AlertAction | undefined;
}
