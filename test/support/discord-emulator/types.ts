// Public shapes of the Discord emulator. Field names follow Discord's snake_case wire format wherever the
// object mirrors a Discord object, so a test can compare what the bot sent with Discord's documentation.

import type { EmuOAuth2 } from './oauth2-routes.ts';

export interface EmuUser {
  id: string;
  username: string;
  global_name?: string | null;
}

export interface EmuRole {
  id: string;
  name: string;
  /** Permission bitfield as a decimal string, like Discord sends it. Default '0'. */
  permissions?: string;
}

/** A channel permission overwrite, as Discord sends it: type 0 a role (the guild id: @everyone), 1 a member. */
export interface EmuOverwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

export interface EmuChannel {
  id: string;
  name: string;
  /** Channel overwrites; default none. Change them on `emu.guilds[..].channels[..]` to take effect on the next request; the bot's posts obey them. */
  permission_overwrites?: EmuOverwrite[];
}

/** A guild the bot is in. The `@everyone` role (id = guild id) is added when missing. */
export interface EmuGuild {
  id: string;
  name: string;
  roles: EmuRole[];
  channels: EmuChannel[];
}

export interface EmuEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  [key: string]: unknown;
}

export interface EmuComponent {
  type: number;
  custom_id?: string;
  label?: string;
  style?: number;
  url?: string;
  disabled?: boolean;
  required?: boolean;
  value?: string;
  components?: EmuComponent[];
  component?: EmuComponent;
  accessory?: EmuComponent;
  options?: { label: string; value: string; [key: string]: unknown }[];
  [key: string]: unknown;
}

export interface EmuAttachment {
  id: string;
  filename: string;
  size: number;
  content: Buffer;
  content_type: string | null;
  description: string | null;
}

export interface EmuAllowedMentions {
  parse?: string[];
  users?: string[];
  roles?: string[];
  replied_user?: boolean;
}

export interface EmuAuthor extends EmuUser {
  bot: boolean;
}

/** A message as the emulator holds it: always the current (edited) state. */
export interface EmuMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: EmuEmbed[];
  components: EmuComponent[];
  attachments: EmuAttachment[];
  flags: number;
  /** What the bot sent as allowed_mentions (the last value sent, edits included); null when never sent. */
  allowed_mentions: EmuAllowedMentions | null;
  author: EmuAuthor;
  /** How many times the message was edited after creation. */
  edits: number;
  /** Set on interaction responses and follow-ups. */
  interactionId?: string;
  webhook_id: string | null;
  tts: boolean;
  /**
   * True when the content holds @everyone/@here and allowed_mentions lets it through. The bot's
   * MENTION_EVERYONE permission is not modelled: this says whether the message would ping.
   */
  mention_everyone: boolean;
  /** User ids the message pings after allowed_mentions is applied. */
  mentions: string[];
  /** Role ids the message pings after allowed_mentions is applied. */
  mention_roles: string[];
  created_at: number;
  edited_at: number | null;
  deleted: boolean;
  /** The `nonce` the sender gave, if any (Discord echoes it back). */
  nonce?: string | number;
  /** Set on a reply: the message it answers (type 19 on the wire). */
  message_reference?: { message_id: string; channel_id: string; guild_id?: string };
}

export interface EmuModal {
  custom_id: string;
  title: string;
  components: EmuComponent[];
  [key: string]: unknown;
}

export interface EmuChoice {
  name: string;
  value: string | number;
}

export interface EmuCallback {
  type: number;
  data?: Record<string, unknown>;
}

export interface EmuCallbackFailure {
  at: number;
  status: number;
  code: number;
  message: string;
}

export interface EmuInteractionRef {
  id: string;
  token: string;
}

export interface EmuInteractionState extends EmuInteractionRef {
  /** Discord interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  /** The guild it came from; for a direct message (`dm`), the guild whose commands the user picked. */
  guildId: string;
  dm?: boolean;
  channelId: string;
  user: EmuUser;
  roles: string[];
  /** When the INTERACTION_CREATE was first written to the bot's socket (the 3 s clock starts here). */
  sentAt: number | null;
  acknowledged: boolean;
  expired: boolean;
  callbacks: EmuCallback[];
  /** Callback attempts the emulator refused (late, twice, invalid body): what the bot got back. */
  callbackFailures: EmuCallbackFailure[];
  original?: EmuMessage;
  originalEdits: number;
  followUps: EmuMessage[];
  modal?: EmuModal;
  /** Choices of an autocomplete answer (callback type 8). */
  choices?: EmuChoice[];
  /** The message a component was clicked on (type 3) or a modal was opened from (type 5). */
  message?: EmuMessage;
  /** Slash / autocomplete command name. */
  commandName?: string;
}

/** A slash command option as Discord sends it: a value, or a subcommand / group holding options. */
export interface EmuOption {
  type: number;
  name: string;
  value?: string | number | boolean;
  options?: EmuOption[];
  focused?: boolean;
}

export interface StoredCommandOption {
  type: number;
  name: string;
  description?: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  options?: StoredCommandOption[];
  [key: string]: unknown;
}

export interface StoredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: StoredCommandOption[];
  default_member_permissions: string | null;
  nsfw: boolean;
  [key: string]: unknown;
}

export interface EmuRequest {
  method: string;
  /** Path after `/api/v10`, `@` decoded, without the query string. */
  path: string;
  /** HTTP status answered; 0 when the connection was reset (setUnreachable). */
  status: number;
  /** Discord error code of a JSON error answer. */
  code?: number;
  at: number;
}

export interface EmuActor {
  user?: EmuUser;
  roles?: string[];
  /** Member permissions in the channel; default: @everyone plus the roles' permissions. */
  permissions?: string;
  guildId?: string;
  channelId?: string;
  locale?: string;
  /**
   * A direct message to the bot: Discord sends no `guild_id` and no `member`, only `user`, and a DM
   * channel (type 1). Anyone who shares a server with a bot, or can see it, can open one.
   */
  dm?: boolean;
}

export interface SlashArgs extends EmuActor {
  name: string;
  options?: EmuOption[];
}

export interface AutocompleteArgs extends SlashArgs {
  /** Name of the option being typed (searched through subcommands). Or mark one option `focused: true`. */
  focused?: string;
  /** How long to wait for the callback type 8; default 5000 ms. */
  timeoutMs?: number;
}

export interface ClickArgs {
  message: EmuMessage;
  customId: string;
  /** Selected values, for select menus. */
  values?: string[];
  user?: EmuUser;
  roles?: string[];
  permissions?: string;
  locale?: string;
}

export interface ModalSubmitArgs {
  customId: string;
  fields: Record<string, string>;
  user?: EmuUser;
  roles?: string[];
  permissions?: string;
  message?: EmuMessage;
  locale?: string;
}

export interface RateLimitOptions {
  retryAfterMs?: number;
  global?: boolean;
  match?: RegExp;
}

export interface FailOptions {
  status?: number;
  match?: RegExp;
  /**
   * Handle the request first (a message is created), then answer the failure: Discord committed but the
   * answer was lost. Shows whether a client's retry creates the message twice.
   */
  afterHandling?: boolean;
}

export interface GatewayStats {
  connections: number;
  identifies: number;
  resumes: number;
  invalidSessions: number;
  /** True while the bot has an identified (or resumed) socket open. */
  connected: boolean;
  /** Intents of the last IDENTIFY. */
  intents: number | null;
  /** Close codes the emulator sent, in order. */
  serverCloseCodes: number[];
}

export interface DiscordEmulatorOptions {
  /** Accepted bot token; default 'test-bot-token'. Others get 401 on REST and close 4004 on IDENTIFY. */
  token?: string;
  applicationId?: string;
  botUser?: { id: string; username: string };
  guilds?: EmuGuild[];
  heartbeatIntervalMs?: number;
  /** How long after delivery an interaction may be acknowledged; default 3000 like Discord. */
  callbackDeadlineMs?: number;
  /** Accept IDENTIFY with privileged intents; default false: closed with 4014 as for an unapproved bot. */
  allowPrivilegedIntents?: boolean;
}

export interface DiscordEmulator {
  /** 'http://127.0.0.1:PORT/api': what the bot passes as `rest.api`. */
  readonly apiBase: string;
  /** 'ws://127.0.0.1:PORT': the gateway URL /gateway/bot hands out. */
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: EmuUser;
  /** Guilds as the bot sees them, @everyone included. */
  readonly guilds: EmuGuild[];
  close(): Promise<void>;

  readonly requests: readonly EmuRequest[];
  commands(guildId?: string): StoredCommand[];
  commandWrites(guildId?: string): number;
  messages(channelId: string): EmuMessage[];
  interaction(id: string): EmuInteractionState;
  gatewayStats(): GatewayStats;

  slash(args: SlashArgs): Promise<EmuInteractionRef>;
  autocomplete(args: AutocompleteArgs): Promise<EmuChoice[]>;
  click(args: ClickArgs): Promise<EmuInteractionRef>;
  submitModal(args: ModalSubmitArgs): Promise<EmuInteractionRef>;

  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;

  rateLimitNext(n: number, opts?: RateLimitOptions): void;
  failNext(n: number, opts?: FailOptions): void;
  expireInteractionTokens(): void;
  disconnectGateway(code?: number): void;
  /**
   * Discord out of reach: REST resets connections and the gateway drops and refuses sockets. With
   * `{ gateway: false }` only REST is out (an API outage while the gateway stays up).
   */
  setUnreachable(on: boolean, opts?: { gateway?: boolean }): void;
  /**
   * A member's roles change (an admin edits them in the server settings): later interactions and
   * `GET /guilds/{guild}/members/{user}` see the new roles. No gateway event: GUILD_MEMBER_UPDATE needs
   * the privileged GUILD_MEMBERS intent, which the bot does not ask for.
   */
  setMemberRoles(guildId: string, user: EmuUser, roles: readonly string[]): void;
  /** A member leaves (or is kicked): `GET /guilds/{guild}/members/{user}` answers 404 code 10007. */
  removeMember(guildId: string, userId: string): void;
  /** OAuth2 (the dashboard's Discord login): who authorizes, the client secret, the exchanges seen. */
  readonly oauth2: EmuOAuth2;
}
