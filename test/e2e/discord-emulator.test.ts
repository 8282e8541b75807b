// The Discord emulator proven against the real discord.js 14 Client: if these pass, a bot test that logs in
// to the emulator exercises the same code paths as against discord.com (login, interactions, REST, limits,
// rate limits, expiry, gateway resume).

import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  type Interaction,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Routes,
  SlashCommandBuilder,
  type TextChannel,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { WebSocket } from 'ws';
import { DEFAULT_IDS, type DiscordEmulator, opt, startDiscordEmulator } from '../support/discord-emulator/index.ts';

const GUILD = DEFAULT_IDS.guild;
const OPS = DEFAULT_IDS.channels.ops;
const GENERAL = DEFAULT_IDS.channels.general;

function newClient(emu: DiscordEmulator): Client {
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: emu.apiBase }, waitGuildTimeout: 1000 });
}

async function login(emu: DiscordEmulator): Promise<Client> {
  const client = newClient(emu);
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(5000) });
  await client.login(emu.token);
  await ready;
  return client;
}

/**
 * Runs `fn` on the next interaction the bot receives and resolves with its result, so a handler's
 * failure fails the test instead of vanishing into an event listener.
 */
function nextInteraction<T>(client: Client, fn: (i: Interaction) => Promise<T>, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off(Events.InteractionCreate, listener);
      reject(new Error(`no interaction reached the bot within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (i: Interaction): void => {
      clearTimeout(timer);
      client.off(Events.InteractionCreate, listener);
      fn(i).then(resolve, reject);
    };
    client.on(Events.InteractionCreate, listener);
  });
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DiscordAPIError, `expected DiscordAPIError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the call to be refused');
}

const statusCommand = new SlashCommandBuilder()
  .setName('status')
  .setDescription('Fleet status')
  .addStringOption((o) => o.setName('node').setDescription('Node name').setRequired(true).setAutocomplete(true))
  .addIntegerOption((o) => o.setName('limit').setDescription('How many lines'));
const payoutCommand = new SlashCommandBuilder()
  .setName('payout')
  .setDescription('Payouts')
  .addSubcommand((s) =>
    s
      .setName('run')
      .setDescription('Run a payout')
      .addStringOption((o) => o.setName('validator').setDescription('Validator').setRequired(true)),
  );

describe('discord emulator with the real discord.js client', () => {
  let emu: DiscordEmulator;
  let client: Client;
  let ops: TextChannel;

  before(async () => {
    emu = await startDiscordEmulator();
    client = await login(emu);
    ops = client.channels.cache.get(OPS) as TextChannel;
  });

  after(async () => {
    await client?.destroy();
    await emu?.close();
  });

  it('logs in and caches the guild with its roles and text channels', () => {
    const guild = client.guilds.cache.get(GUILD);
    assert.ok(guild, 'guild cached');
    assert.equal(guild.available, true);
    assert.equal(client.user?.id, emu.botUser.id);
    assert.equal(client.application?.id, emu.applicationId);
    assert.ok(guild.roles.cache.has(GUILD), '@everyone role');
    for (const id of Object.values(DEFAULT_IDS.roles)) assert.ok(guild.roles.cache.has(id), `role ${id}`);
    for (const id of Object.values(DEFAULT_IDS.channels)) {
      assert.equal(guild.channels.cache.get(id)?.type, ChannelType.GuildText, `channel ${id}`);
    }
    assert.ok(guild.members.me, 'bot member');
    const stats = emu.gatewayStats();
    assert.equal(stats.identifies, 1);
    assert.equal(stats.intents, GatewayIntentBits.Guilds);
    assert.equal(stats.connected, true);
    assert.ok(emu.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot' && r.status === 200));
  });

  it('stores a bulk overwrite of guild commands, keeping ids across overwrites', async () => {
    const guild = client.guilds.cache.get(GUILD);
    assert.ok(guild);
    const set = await guild.commands.set([statusCommand.toJSON(), payoutCommand.toJSON()]);
    assert.equal(set.size, 2);
    const stored = emu.commands(GUILD);
    assert.deepEqual(stored.map((c) => c.name).sort(), ['payout', 'status']);
    assert.equal(emu.commandWrites(GUILD), 1);
    assert.ok(stored.every((c) => /^\d{17,19}$/.test(c.id) && c.guild_id === GUILD));
    await guild.commands.set([statusCommand.toJSON(), payoutCommand.toJSON()]);
    assert.equal(emu.commandWrites(GUILD), 2);
    assert.deepEqual(emu.commands(GUILD).map((c) => c.id).sort(), stored.map((c) => c.id).sort());
    assert.deepEqual(emu.commands(), [], 'no global commands');

    const err = await apiError(
      client.rest.put(Routes.applicationGuildCommands(emu.applicationId, GUILD), {
        body: [{ name: 'Bad Name', description: 'x', type: 1 }],
      }),
    );
    assert.equal(err.code, 50035);
    assert.equal(emu.commandWrites(GUILD), 2, 'a refused overwrite stores nothing');
  });

  it('delivers a slash command with options and member roles; deferReply + editReply edit the original', async () => {
    const seen = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      assert.ok(i.inCachedGuild());
      const roles = i.member.roles.cache;
      const facts = {
        name: i.commandName,
        node: i.options.getString('node'),
        limit: i.options.getInteger('limit'),
        operator: roles.has(DEFAULT_IDS.roles.operator),
        admin: roles.has(DEFAULT_IDS.roles.admin),
        channel: i.channelId,
      };
      await i.deferReply();
      await i.editReply({ content: `status of ${facts.node}`, allowedMentions: { parse: [] } });
      return facts;
    });
    const ref = await emu.slash({
      name: 'status',
      options: [opt.string('node', 'val-1'), opt.integer('limit', 5)],
      roles: [DEFAULT_IDS.roles.operator],
      channelId: OPS,
    });
    assert.match(ref.id, /^\d{17,19}$/);
    assert.match(ref.token, /^[A-Za-z0-9_-]+$/);
    const facts = await seen;
    assert.deepEqual(facts, { name: 'status', node: 'val-1', limit: 5, operator: true, admin: false, channel: OPS });

    const state = emu.interaction(ref.id);
    assert.deepEqual(state.callbacks.map((c) => c.type), [5]);
    assert.equal(state.originalEdits, 1);
    assert.equal(state.original?.content, 'status of val-1');
    assert.equal(state.original?.flags, 0, 'loading flag cleared by the edit');
    assert.deepEqual(state.original?.allowed_mentions, { parse: [] });
    assert.ok(emu.messages(OPS).some((m) => m.id === state.original?.id && m.interactionId === ref.id));
  });

  it('turns the first followUp after deferReply into the deferred message, later ones into new messages', async () => {
    const done = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      const first = await i.followUp('first');
      const second = await i.followUp('second');
      return { first: first.id, second: second.id };
    });
    const ref = await emu.slash({ name: 'status', options: [opt.string('node', 'val-2')] });
    const ids = await done;
    const state = emu.interaction(ref.id);
    assert.equal(ids.first, state.original?.id, 'the deferred message itself');
    assert.notEqual(ids.second, ids.first);
    assert.equal(state.original?.content, 'first');
    assert.equal(state.followUps[1]?.content, 'second');
    assert.equal((state.original?.flags ?? 0) & MessageFlags.Ephemeral, MessageFlags.Ephemeral, 'keeps the defer flags');
  });

  it('answers autocomplete with choices', async () => {
    const typed = nextInteraction(client, async (i) => {
      assert.ok(i.isAutocomplete());
      const focused = i.options.getFocused(true);
      await i.respond([
        { name: 'val-1 (up)', value: 'val-1' },
        { name: 'val-2 (down)', value: 'val-2' },
      ]);
      return focused;
    });
    const choices = await emu.autocomplete({ name: 'status', options: [opt.string('node', 'val')], focused: 'node' });
    assert.deepEqual(choices, [
      { name: 'val-1 (up)', value: 'val-1' },
      { name: 'val-2 (down)', value: 'val-2' },
    ]);
    const focused = await typed;
    assert.equal(focused.name, 'node');
    assert.equal(focused.value, 'val');
  });

  it('refuses 26 autocomplete choices with 50035', async () => {
    const refused = nextInteraction(client, async (i) => {
      assert.ok(i.isAutocomplete());
      const many = Array.from({ length: 26 }, (_, n) => ({ name: `n${n}`, value: `n${n}` }));
      // respond() does not check the count: the API does.
      return apiError(i.respond(many));
    });
    await assert.rejects(emu.autocomplete({ name: 'status', options: [opt.focused('node', '')] }), /50035/);
    assert.equal((await refused).code, 50035);
  });

  it('delivers a button click with its message; update() edits that message (type 7)', async () => {
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('payout:approve:42').setLabel('Approve').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('payout:reject:42').setLabel('Reject').setStyle(ButtonStyle.Danger),
    );
    const sent = await ops.send({ content: 'Approve payout 42?', components: [row] });
    const msg = emu.messages(OPS).find((m) => m.id === sent.id);
    assert.ok(msg);
    assert.equal(msg.components.length, 1);

    const clicked = nextInteraction(client, async (i) => {
      assert.ok(i.isButton());
      assert.ok(i.inCachedGuild());
      const facts = { customId: i.customId, messageId: i.message.id, admin: i.member.roles.cache.has(DEFAULT_IDS.roles.admin) };
      await i.update({ content: 'Payout 42 approved', components: [] });
      return facts;
    });
    const ref = await emu.click({ message: msg, customId: 'payout:approve:42', roles: [DEFAULT_IDS.roles.admin] });
    assert.deepEqual(await clicked, { customId: 'payout:approve:42', messageId: sent.id, admin: true });
    assert.equal(msg.content, 'Payout 42 approved');
    assert.deepEqual(msg.components, []);
    assert.equal(msg.edits, 1);
    assert.deepEqual(emu.interaction(ref.id).callbacks.map((c) => c.type), [7]);
    await assert.rejects(emu.click({ message: msg, customId: 'payout:approve:42' }), /no component/);
  });

  it('shows a modal and delivers its submission', async () => {
    const shown = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      const modal = new ModalBuilder()
        .setCustomId('payout-confirm')
        .setTitle('Confirm payout')
        .addLabelComponents(
          new LabelBuilder()
            .setLabel('Amount')
            .setTextInputComponent(new TextInputBuilder().setCustomId('amount').setStyle(TextInputStyle.Short)),
        );
      await i.showModal(modal);
    });
    const cmd = await emu.slash({
      name: 'payout',
      options: [opt.subcommand('run', [opt.string('validator', 'val-7')])],
      roles: [DEFAULT_IDS.roles.admin],
    });
    await shown;
    assert.equal(emu.interaction(cmd.id).modal?.custom_id, 'payout-confirm');

    const submitted = nextInteraction(client, async (i) => {
      assert.ok(i.isModalSubmit());
      const amount = i.fields.getTextInputValue('amount');
      await i.reply({ content: `paying ${amount}`, flags: MessageFlags.Ephemeral });
      return { customId: i.customId, amount, user: i.user.id };
    });
    const ref = await emu.submitModal({ customId: 'payout-confirm', fields: { amount: '12.5' } });
    assert.deepEqual(await submitted, { customId: 'payout-confirm', amount: '12.5', user: DEFAULT_IDS.user });
    const original = emu.interaction(ref.id).original;
    assert.equal(original?.content, 'paying 12.5');
    assert.equal((original?.flags ?? 0) & MessageFlags.Ephemeral, MessageFlags.Ephemeral);
    await assert.rejects(emu.submitModal({ customId: 'never-shown', fields: {} }), /no modal/);
  });

  it('stores a channel message with a file attachment, bytes included', async () => {
    const bytes = Buffer.from('height 123456\nstatus ok\n');
    const sent = await ops.send({ content: 'report', files: [new AttachmentBuilder(bytes, { name: 'report.txt' })] });
    assert.equal(sent.attachments.size, 1);
    const msg = emu.messages(OPS).find((m) => m.id === sent.id);
    assert.equal(msg?.attachments[0]?.filename, 'report.txt');
    assert.equal(msg?.attachments[0]?.size, bytes.length);
    assert.deepEqual(msg?.attachments[0]?.content, bytes);
    const url = sent.attachments.first()?.url;
    assert.ok(url);
    assert.equal(await (await fetch(url)).text(), bytes.toString());
  });

  it('rejects content over 2000 chars and embeds over 6000 chars with 50035', async () => {
    const before = emu.messages(OPS).length;
    const tooLong = await apiError(ops.send('x'.repeat(2001)));
    assert.equal(tooLong.code, 50035);
    assert.equal(tooLong.status, 400);
    assert.ok('content' in (tooLong.rawError as { errors: object }).errors);

    const big = (n: number) => new EmbedBuilder().setTitle(`part ${n}`).setDescription('y'.repeat(3500));
    const tooBig = await apiError(ops.send({ embeds: [big(1), big(2)] }));
    assert.equal(tooBig.code, 50035);
    assert.match(JSON.stringify((tooBig.rawError as { errors: object }).errors), /MAX_EMBED_SIZE_EXCEEDED/);
    assert.equal(emu.messages(OPS).length, before, 'nothing stored');
    // Exactly 2000 characters, counted as characters: emoji are one each.
    await ops.send('🙂'.repeat(2000));
  });

  it('reports who a message pings after allowed_mentions', async () => {
    const quiet = await ops.send({ content: 'log: @everyone restarted', allowedMentions: { parse: [] } });
    const loud = await ops.send({ content: 'log: @everyone restarted' });
    assert.equal(emu.messages(OPS).find((m) => m.id === quiet.id)?.mention_everyone, false);
    assert.equal(emu.messages(OPS).find((m) => m.id === loud.id)?.mention_everyone, true);
  });

  it('survives a 429 on the channel message route', async () => {
    emu.rateLimitNext(1, { match: /^\/channels\/\d+\/messages$/, retryAfterMs: 200 });
    const seen = emu.requests.length;
    const started = Date.now();
    const sent = await ops.send('after a 429');
    assert.ok(Date.now() - started >= 200, 'the client waited Retry-After');
    assert.ok(emu.messages(OPS).some((m) => m.id === sent.id));
    const posts = emu.requests.slice(seen).filter((r) => r.method === 'POST' && r.path === `/channels/${OPS}/messages`);
    assert.deepEqual(posts.map((r) => r.status), [429, 200]);
  });

  it('retries a 503 by itself', async () => {
    emu.failNext(1, { status: 503, match: /\/messages$/ });
    const seen = emu.requests.length;
    const sent = await ops.send('after a 503');
    assert.ok(emu.messages(OPS).some((m) => m.id === sent.id));
    const posts = emu.requests.slice(seen).filter((r) => r.path === `/channels/${OPS}/messages`);
    assert.deepEqual(posts.map((r) => r.status), [503, 200]);
  });

  it('answers 40060 to a second acknowledgement and 50027 once tokens have expired', async () => {
    const expired = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await i.deferReply();
      const twice = await apiError(
        client.rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'again' } }, auth: false }),
      );
      emu.expireInteractionTokens();
      const late = await apiError(i.editReply('too late'));
      return { twice: twice.code, late: late.code, status: late.status };
    });
    await emu.slash({ name: 'status', options: [opt.string('node', 'val-3')] });
    assert.deepEqual(await expired, { twice: 40060, late: 50027, status: 401 });
  });

  it('resumes after a gateway disconnect and replays a dispatch sent while it was away', async () => {
    const resumed = once(client, Events.ShardResume, { signal: AbortSignal.timeout(5000) });
    emu.disconnectGateway();
    const handled = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await i.reply('still here');
      return i.id;
    });
    const ref = await emu.slash({ name: 'status', options: [opt.string('node', 'val-4')], channelId: GENERAL });
    await resumed;
    assert.equal(await handled, ref.id);
    assert.equal(emu.interaction(ref.id).original?.content, 'still here');
    const stats = emu.gatewayStats();
    assert.equal(stats.resumes, 1);
    assert.equal(stats.identifies, 1, 'resumed, not re-identified');

    const later = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await i.reply('later');
      return i.commandName;
    });
    await emu.slash({ name: 'status', options: [opt.string('node', 'val-5')] });
    assert.equal(await later, 'status');
  });

  it('models Discord being unreachable and the client coming back', async () => {
    emu.setUnreachable(true);
    await assert.rejects(ops.send('into the void'));
    assert.ok(emu.requests.some((r) => r.status === 0));
    // Back within discord.js's 500 ms retry it resumes; later it re-identifies (throttled to one per 5 s).
    const back = Promise.race([
      once(client, Events.ShardResume, { signal: AbortSignal.timeout(10_000) }),
      once(client, Events.ShardReady, { signal: AbortSignal.timeout(10_000) }),
    ]);
    emu.setUnreachable(false);
    await back;
    const handled = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await i.reply('back');
      return true;
    });
    await emu.slash({ name: 'status', options: [opt.string('node', 'val-6')] });
    assert.equal(await handled, true);
  });

  it('answers 404 code 0 to an unknown route and records it', async () => {
    const err = await apiError(client.rest.get('/no/such/route'));
    assert.equal(err.status, 404);
    assert.equal(err.code, 0);
    assert.ok(emu.requests.some((r) => r.path === '/no/such/route' && r.status === 404));
  });

  it('returns the first message for a repeated nonce with enforce_nonce, and creates again without it', async () => {
    const first = await ops.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    const again = await ops.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    assert.equal(again.id, first.id);
    assert.equal(emu.messages(OPS).filter((m) => m.content === 'once').length, 1);
    assert.equal(emu.messages(OPS).find((m) => m.id === first.id)?.nonce, 'n-1');
    const loose = await ops.send({ content: 'twice', nonce: 'n-2', enforceNonce: false });
    const loose2 = await ops.send({ content: 'twice', nonce: 'n-2', enforceNonce: false });
    assert.notEqual(loose.id, loose2.id);
  });

  it('keeps one message when the answer to a create is lost and the client retries', async () => {
    emu.failNext(1, { status: 503, match: /\/messages$/, afterHandling: true });
    const seen = emu.requests.length;
    const sent = await ops.send({ content: 'lost answer', nonce: 'n-3', enforceNonce: true });
    const posts = emu.requests.slice(seen).filter((r) => r.path === `/channels/${OPS}/messages`);
    assert.deepEqual(posts.map((r) => r.status), [503, 200]);
    assert.deepEqual(emu.messages(OPS).filter((m) => m.content === 'lost answer').map((m) => m.id), [sent.id]);
  });

  it('refuses a nonce over 25 characters', async () => {
    assert.equal((await apiError(ops.send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true }))).code, 50035);
  });

  it('stores a reply with its reference, and refuses a reply to an unknown message unless told not to fail', async () => {
    const alert = await ops.send('alert');
    const reply = await ops.send({ content: 'verdict', reply: { messageReference: alert.id, failIfNotExists: false } });
    assert.equal(reply.reference?.messageId, alert.id);
    assert.equal(emu.messages(OPS).find((m) => m.id === reply.id)?.message_reference?.message_id, alert.id);
    assert.equal((await apiError(ops.send({ content: 'to nothing', reply: { messageReference: '1999999999999999999' } }))).code, 50035);
    const loose = await ops.send({ content: 'to nothing, loosely', reply: { messageReference: '1999999999999999999', failIfNotExists: false } });
    assert.equal(emu.messages(OPS).find((m) => m.id === loose.id)?.message_reference, undefined);
  });

  it('takes only REST away with setUnreachable(true, { gateway: false })', async () => {
    emu.setUnreachable(true, { gateway: false });
    await assert.rejects(ops.send('during the outage'));
    assert.equal(emu.gatewayStats().connected, true, 'the gateway stays up');
    emu.setUnreachable(false);
    assert.equal((await ops.send('after the outage')).content, 'after the outage');
  });
});

describe('discord emulator: tokens, deadlines, heartbeats', () => {
  let emu: DiscordEmulator;
  const clients: Client[] = [];

  before(async () => {
    emu = await startDiscordEmulator({ callbackDeadlineMs: 200, heartbeatIntervalMs: 300 });
  });

  after(async () => {
    for (const c of clients) await c.destroy();
    await emu?.close();
  });

  it('refuses a wrong bot token on REST (401) and on IDENTIFY (close 4004)', async () => {
    const client = newClient(emu);
    clients.push(client);
    await assert.rejects(client.login('not-the-token'), (err: Error & { code?: string }) => err.code === 'TokenInvalid');
    assert.ok(emu.requests.some((r) => r.path === '/gateway/bot' && r.status === 401));

    const ws = new WebSocket(`${emu.gatewayUrl}/?v=10&encoding=json`);
    ws.on('message', (data) => {
      const payload = JSON.parse(String(data)) as { op: number };
      if (payload.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: 'not-the-token', intents: 1, properties: {} } }));
    });
    const [code] = (await once(ws, 'close', { signal: AbortSignal.timeout(5000) })) as [number];
    assert.equal(code, 4004);
  });

  it('keeps a 300 ms heartbeat acknowledged and answers 10062 to a callback after the deadline', async () => {
    const client = await login(emu);
    clients.push(client);
    const late = nextInteraction(client, async (i) => {
      assert.ok(i.isChatInputCommand());
      await new Promise((r) => setTimeout(r, 400));
      return apiError(i.deferReply());
    });
    await emu.slash({ name: 'status' });
    const err = await late;
    assert.equal(err.code, 10062);
    assert.equal(err.status, 404);
    // Several heartbeats went by without a zombie-connection resume.
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(emu.gatewayStats().resumes, 0);
    assert.equal(emu.gatewayStats().identifies, 1);
    assert.ok(client.ws.ping >= 0, 'heartbeat acknowledged');
  });
});
