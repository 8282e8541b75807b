// Everything the emulator knows: guilds, messages, interactions, commands, requests. Gateway and REST both
// mutate it and call notify(), which is what waitFor() listens to.

import { apiMessage, type RenderContext } from './api-objects.ts';
import { Errors } from './api-error.ts';
import { MessageFlag } from './discord-limits.ts';
import { asNumber, asRecords, asString, isRecord, type JsonRecord } from './json-guards.ts';
import type { UploadedFile } from './parse-request-body.ts';
import { EVERYONE_DEFAULT_PERMISSIONS } from './permissions.ts';
import { resolveMentions } from './resolve-mentions.ts';
import type {
  EmuAllowedMentions,
  EmuAttachment,
  EmuAuthor,
  EmuChannel,
  EmuComponent,
  EmuEmbed,
  EmuGuild,
  EmuInteractionState,
  EmuMessage,
  EmuRequest,
  EmuUser,
  StoredCommand,
} from './types.ts';

export interface InteractionRecord extends EmuInteractionState {
  permissions: string;
  locale: string;
}

export interface MessageInit {
  channelId: string;
  body: JsonRecord;
  files: readonly UploadedFile[];
  /** Flags the sender may set on this route; others are dropped like Discord does. */
  allowedFlags: number;
  extraFlags?: number;
  interactionId?: string;
  webhook: boolean;
  nonce?: string | number | undefined;
  reference?: EmuMessage['message_reference'];
}

export interface StateOptions {
  token: string;
  applicationId: string;
  botUser: EmuUser;
  ownerId: string;
  guilds: EmuGuild[];
  callbackDeadlineMs: number;
  nextId: () => string;
}

const GLOBAL = 'global';

export class EmulatorState implements RenderContext {
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: EmuAuthor;
  readonly ownerId: string;
  readonly guilds: EmuGuild[];
  readonly callbackDeadlineMs: number;
  readonly nextId: () => string;
  readonly joinedAt = new Date().toISOString();
  /** 'http://127.0.0.1:PORT', known once the server listens. */
  httpBase = '';
  closed = false;

  readonly requests: EmuRequest[] = [];
  readonly messagesById = new Map<string, EmuMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly commandSets = new Map<string, StoredCommand[]>();
  readonly commandWriteCounts = new Map<string, number>();
  readonly users = new Map<string, EmuUser>();
  /** guildId -> userId -> role ids, for members seen in interactions. */
  readonly members = new Map<string, Map<string, string[]>>();
  /** `${authorId}:${nonce}` -> the message created with it and when, for `enforce_nonce`. */
  readonly nonces = new Map<string, { messageId: string; at: number }>();
  readonly #listeners = new Set<() => void>();

  constructor(opts: StateOptions) {
    this.token = opts.token;
    this.applicationId = opts.applicationId;
    this.botUser = { ...opts.botUser, bot: true };
    this.ownerId = opts.ownerId;
    this.guilds = opts.guilds.map(normalizeGuild);
    this.callbackDeadlineMs = opts.callbackDeadlineMs;
    this.nextId = opts.nextId;
    this.users.set(this.botUser.id, this.botUser);
  }

  // --- change notification ------------------------------------------------------------------------

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (): void => {
        settled = true;
        unsubscribe();
        clearTimeout(timer);
        clearInterval(poll);
      };
      const check = (): void => {
        if (settled) return;
        if (this.closed) {
          finish();
          reject(new Error('waitFor: the Discord emulator was closed'));
          return;
        }
        let value: T | undefined | false | null;
        try {
          value = probe();
        } catch (err) {
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value !== undefined && value !== null && value !== false) {
          finish();
          resolve(value);
        }
      };
      const unsubscribe = this.onChange(check);
      // The probe may read the bot's own state, which changes without telling the emulator.
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        if (settled) return;
        finish();
        reject(new Error(`waitFor: condition not met within ${timeoutMs} ms: ${describeProbe(probe)}\n${this.recentRequests()}`));
      }, timeoutMs);
      check();
    });
  }

  recentRequests(n = 8): string {
    const last = this.requests.slice(-n);
    if (last.length === 0) return 'no REST request reached the emulator';
    return `last REST requests:\n${last.map((r) => `  ${r.status} ${r.method} ${r.path}${r.code ? ` (code ${r.code})` : ''}`).join('\n')}`;
  }

  // --- guilds, users, members ---------------------------------------------------------------------

  guild(id: string): EmuGuild | undefined {
    return this.guilds.find((g) => g.id === id);
  }

  channel(id: string): { guild: EmuGuild; channel: EmuChannel } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  user(id: string): EmuUser | undefined {
    return this.users.get(id);
  }

  rememberMember(guildId: string, user: EmuUser, roles: readonly string[]): void {
    this.users.set(user.id, { ...user });
    let guildMembers = this.members.get(guildId);
    if (!guildMembers) {
      guildMembers = new Map();
      this.members.set(guildId, guildMembers);
    }
    guildMembers.set(user.id, [...roles]);
  }

  forgetMember(guildId: string, userId: string): void {
    this.members.get(guildId)?.delete(userId);
  }

  memberRoles(guildId: string, userId: string): string[] | undefined {
    return this.members.get(guildId)?.get(userId);
  }

  // --- interactions -------------------------------------------------------------------------------

  interaction(id: string): InteractionRecord | undefined {
    return this.interactions.get(id);
  }

  addInteraction(rec: InteractionRecord): void {
    this.interactions.set(rec.id, rec);
    this.interactionsByToken.set(rec.token, rec);
  }

  // --- messages -----------------------------------------------------------------------------------

  attachmentUrl(channelId: string, attachmentId: string, filename: string): string {
    return `${this.httpBase}/attachments/${channelId}/${attachmentId}/${encodeURIComponent(filename)}`;
  }

  render(msg: EmuMessage): JsonRecord {
    return apiMessage(msg, this);
  }

  channelMessages(channelId: string): EmuMessage[] {
    return [...this.messagesById.values()].filter((m) => m.channel_id === channelId && !m.deleted);
  }

  createMessage(init: MessageInit): EmuMessage {
    const { body } = init;
    const content = asString(body.content) ?? '';
    const allowed = isRecord(body.allowed_mentions) ? (body.allowed_mentions as EmuAllowedMentions) : null;
    const msg: EmuMessage = {
      id: this.nextId(),
      channel_id: init.channelId,
      content,
      embeds: asRecords(body.embeds) as EmuEmbed[],
      components: asRecords(body.components) as EmuComponent[],
      attachments: this.#uploaded(body, init.files),
      flags: ((asNumber(body.flags) ?? 0) & init.allowedFlags) | (init.extraFlags ?? 0),
      allowed_mentions: allowed,
      author: this.botUser,
      edits: 0,
      ...(init.interactionId ? { interactionId: init.interactionId } : {}),
      webhook_id: init.webhook ? this.applicationId : null,
      tts: body.tts === true,
      ...resolveMentions(content, allowed),
      created_at: Date.now(),
      edited_at: null,
      deleted: false,
      ...(init.nonce !== undefined ? { nonce: init.nonce } : {}),
      ...(init.reference ? { message_reference: init.reference } : {}),
    };
    if (init.extraFlags === undefined || (init.extraFlags & MessageFlag.Loading) === 0) assertNotEmpty(msg);
    this.messagesById.set(msg.id, msg);
    return msg;
  }

  /** Applies the fields present in an edit body, like Discord's PATCH: absent fields stay as they are. */
  editMessage(msg: EmuMessage, body: JsonRecord, files: readonly UploadedFile[]): EmuMessage {
    const next: EmuMessage = { ...msg };
    if ('content' in body) next.content = asString(body.content) ?? '';
    if ('embeds' in body) next.embeds = asRecords(body.embeds) as EmuEmbed[];
    if ('components' in body) next.components = asRecords(body.components) as EmuComponent[];
    if (isRecord(body.allowed_mentions)) next.allowed_mentions = body.allowed_mentions as EmuAllowedMentions;
    if (Array.isArray(body.attachments)) {
      const keep = new Set(asRecords(body.attachments).map((a) => String(a.id)));
      next.attachments = msg.attachments.filter((a) => keep.has(a.id));
    }
    next.attachments = [...next.attachments, ...this.#uploaded(body, files)];
    const flags = asNumber(body.flags);
    const editable = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2;
    if (flags !== undefined) next.flags = (msg.flags & ~editable) | (flags & editable) | (msg.flags & MessageFlag.IsComponentsV2);
    next.flags &= ~MessageFlag.Loading;
    Object.assign(next, resolveMentions(next.content, next.allowed_mentions));
    assertNotEmpty(next);
    next.edits = msg.edits + 1;
    next.edited_at = Date.now();
    // Mutate in place: tests holding the object see the current state.
    Object.assign(msg, next);
    return msg;
  }

  deleteMessage(msg: EmuMessage): void {
    msg.deleted = true;
  }

  #uploaded(body: JsonRecord, files: readonly UploadedFile[]): EmuAttachment[] {
    const described = asRecords(body.attachments);
    return files.map((file) => {
      const meta = described.find((a) => String(a.id) === String(file.index));
      return {
        id: this.nextId(),
        filename: asString(meta?.filename) ?? file.filename,
        size: file.data.length,
        content: file.data,
        content_type: file.contentType,
        description: asString(meta?.description) ?? null,
      };
    });
  }

  // --- commands -----------------------------------------------------------------------------------

  commands(guildId?: string): StoredCommand[] {
    return structuredClone(this.commandSets.get(guildId ?? GLOBAL) ?? []);
  }

  commandList(guildId?: string): StoredCommand[] {
    let list = this.commandSets.get(guildId ?? GLOBAL);
    if (!list) {
      list = [];
      this.commandSets.set(guildId ?? GLOBAL, list);
    }
    return list;
  }

  replaceCommands(guildId: string | undefined, list: StoredCommand[]): void {
    this.commandSets.set(guildId ?? GLOBAL, list);
    this.commandWriteCounts.set(guildId ?? GLOBAL, (this.commandWriteCounts.get(guildId ?? GLOBAL) ?? 0) + 1);
  }

  commandWrites(guildId?: string): number {
    return this.commandWriteCounts.get(guildId ?? GLOBAL) ?? 0;
  }

  /** The registered command a user would pick: the guild's first, then the global one. */
  findCommand(guildId: string, name: string): StoredCommand | undefined {
    const byName = (c: StoredCommand): boolean => c.name === name && c.type === 1;
    return this.commandSets.get(guildId)?.find(byName) ?? this.commandSets.get(GLOBAL)?.find(byName);
  }

  // --- requests -----------------------------------------------------------------------------------

  record(method: string, path: string, status: number, at: number, code?: number): void {
    this.requests.push(code === undefined ? { method, path, status, at } : { method, path, status, code, at });
  }
}

function assertNotEmpty(msg: EmuMessage): void {
  if (msg.content === '' && msg.embeds.length === 0 && msg.components.length === 0 && msg.attachments.length === 0) {
    throw Errors.emptyMessage();
  }
}

function normalizeGuild(guild: EmuGuild): EmuGuild {
  const roles = guild.roles.map((r) => ({ ...r, permissions: r.permissions ?? '0' }));
  const everyoneIndex = roles.findIndex((r) => r.id === guild.id);
  const everyone = everyoneIndex >= 0
    ? roles.splice(everyoneIndex, 1)[0]
    : { id: guild.id, name: '@everyone', permissions: EVERYONE_DEFAULT_PERMISSIONS };
  return {
    id: guild.id,
    name: guild.name,
    roles: everyone ? [everyone, ...roles] : roles,
    channels: guild.channels.map((c) => ({ ...c })),
  };
}

function describeProbe(probe: () => unknown): string {
  const text = probe.toString().replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

