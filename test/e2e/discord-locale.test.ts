// Korean and English in Discord (issue 18), through the real discord.js client and the emulator: a member
// whose Discord is Korean (`locale: ko`) reads Korean, one whose Discord is English (`en-US`) reads
// English, in the same server at the same time; the approvals channel, which has no single reader,
// speaks MSERVER_LOCALE (Korean here). The registered commands carry Korean descriptions.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { opt, type EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, MEMBERS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';
import type { StoredCommandOption } from '../support/discord-emulator/index.ts';

const EPHEMERAL = 64;
type Member = { user: { id: string; username: string; global_name?: string | null }; roles: readonly string[] };
type Locale = 'ko' | 'en-US';

describe('Discord in Korean and English', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  let container: string;

  before(async () => {
    st = await startDiscordStack({ env: { MSERVER_LOCALE: 'ko' } });
    fleet = await startFleet({ url: st.s.url, clients: 2, token: TEST_TOKEN, summaryEveryMs: 0, seed: 5, idPrefix: 'k' });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 2, 'two agents');
    fleet.sendSummaries();
    container = fleet.agents[0]!.containers[0]!;
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  const slash = (name: string, options: ReturnType<typeof opt.string>[], who: Member, locale: Locale) =>
    st.emu.slash({ name, options, user: who.user, roles: [...who.roles], channelId: IDS.channels.ops, locale });
  const original = (id: string, probe: (m: EmuMessage) => boolean = () => true) =>
    st.emu.waitFor(() => {
      const o = st.emu.interaction(id).original;
      return o && probe(o) ? o : undefined;
    }, 8000);
  const click = (message: EmuMessage, customIdStart: string, who: Member, locale: Locale) => {
    const button = message.components.flatMap((row) => row.components ?? []).find((c) => String(c.custom_id).startsWith(customIdStart));
    if (!button) throw new Error(`no button ${customIdStart} on the message`);
    return st.emu.click({ message, customId: String(button.custom_id), user: who.user, roles: [...who.roles], locale });
  };
  const buttonLabels = (m: EmuMessage) => m.components.flatMap((row) => row.components ?? []).map((c) => c.label);
  const fields = (m: EmuMessage) => Object.fromEntries((m.embeds[0]!.fields ?? []).map((f) => [f.name, f.value]));

  it('registers every command, option and choice with a Korean description or name, names staying English', () => {
    const commands = st.emu.commands(IDS.guild);
    assert.ok(commands.length >= 10);
    const missing: string[] = [];
    const walk = (o: { name: string; description?: string; description_localizations?: unknown; options?: StoredCommandOption[]; choices?: unknown }, path: string) => {
      const ko = (o.description_localizations as Record<string, string> | undefined)?.ko;
      if (!ko || !/[가-힣]/.test(ko)) missing.push(`${path}: description`);
      for (const c of (o.choices ?? []) as { name: string; name_localizations?: Record<string, string> }[]) {
        if (!c.name_localizations?.ko) missing.push(`${path}: choice ${c.name}`);
      }
      for (const x of o.options ?? []) walk(x as never, `${path} ${x.name}`);
    };
    for (const c of commands) walk(c as never, `/${c.name}`);
    assert.deepEqual(missing, []);
    const send = commands.find((c) => c.name === 'send')!;
    assert.equal(send.description, 'Run an agent command on one agent, several (a,b) or all');
    assert.equal((send.description_localizations as Record<string, string>).ko, '에이전트 하나, 여러 개(a,b) 또는 전체(all)에서 에이전트 명령을 실행합니다');
    const command = send.options!.find((o) => o.name === 'command')!;
    const restart = (command.choices as { name: string; name_localizations: Record<string, string>; value: string }[]).find((c) => c.value === 'restart')!;
    assert.deepEqual([restart.name, restart.name_localizations.ko], ['restart (change)', 'restart (변경)']);
    const nodes = commands.find((c) => c.name === 'nodes')!;
    assert.equal((nodes.options![0]!.choices as unknown as { name_localizations: Record<string, string> }[])[1]!.name_localizations.ko, '온라인');
  });

  it('/send: the preview, the confirmation and the result in Korean for a Korean member, in English for an English one', async () => {
    const ko = await slash('send', [opt.string('target', 'k-1'), opt.string('command', 'restart'), opt.string('container', container)], MEMBERS.operator, 'ko');
    const prompt = await original(ko.id, (m) => m.components.length > 0);
    assert.equal(prompt.flags & EPHEMERAL, EPHEMERAL);
    assert.equal(prompt.content, '실행될 내용을 확인한 뒤 확인을 누르세요. 이 버튼은 본인만 누를 수 있습니다.');
    assert.equal(prompt.embeds[0]!.title, 'k-1에서 restart을(를) 실행할까요?');
    assert.equal(fields(prompt)['명령'], '`restart` (변경)');
    assert.equal(fields(prompt)['에이전트 (1)'], '`k-1`');
    assert.deepEqual(buttonLabels(prompt), ['restart 확인', '취소']);
    const yes = await click(prompt, 'confirm:yes:', MEMBERS.operator, 'ko');
    const result = await st.emu.waitFor(() => {
      const f = st.emu.interaction(yes.id).followUps[0];
      return f?.embeds[0]?.description?.includes('성공') ? f : undefined;
    }, 8000);
    assert.match(result.embeds[0]!.description!, /✅ \*\*성공\*\* \(\d+(\.\d)?(ms|초)\)/);
    assert.deepEqual(Object.keys(fields(result)), ['요청', '요청자', '매개변수']);
    assert.match(st.emu.interaction(yes.id).original?.content ?? '', /^✅ 확인됨: 요청 #\d+을\(를\) 실행 중입니다/);

    const en = await slash('send', [opt.string('target', 'k-2'), opt.string('command', 'restart'), opt.string('container', container)], MEMBERS.operator, 'en-US');
    const enPrompt = await original(en.id, (m) => m.components.length > 0);
    assert.equal(enPrompt.content, 'Check what will run, then confirm. Only you can press these buttons.');
    assert.equal(enPrompt.embeds[0]!.title, 'Confirm restart on k-2?');
    assert.deepEqual(buttonLabels(enPrompt), ['Confirm restart', 'Cancel']);
    const no = await click(enPrompt, 'confirm:no:', MEMBERS.operator, 'en-US');
    await st.emu.waitFor(() => st.emu.interaction(no.id).callbacks.length > 0);
    assert.match((await original(en.id, (m) => m.components.length === 0)).content, /^Request #\d+ cancelled: nothing was sent\.$/);
  });

  it('a broadcast result counts agents in the reader\'s language', async () => {
    const ref = await slash('send', [opt.string('target', 'all'), opt.string('command', 'status')], MEMBERS.viewer, 'ko');
    const msg = await original(ref.id, (m) => m.embeds[0]?.footer?.text.startsWith('완료') === true);
    assert.equal(msg.embeds[0]!.title, 'status · 에이전트 2개');
    assert.equal(msg.embeds[0]!.footer!.text, '완료: 성공 2');
  });

  it('refuses in the member\'s language', async () => {
    const ko = await slash('nodes', [], MEMBERS.nobody, 'ko');
    const refusal = await original(ko.id);
    assert.equal(refusal.flags & EPHEMERAL, EPHEMERAL);
    assert.equal(refusal.content, '/nodes은(는) 사용할 수 없습니다: viewer 등급이 필요한데 현재 등급은 none입니다.');
    const en = await slash('nodes', [], MEMBERS.nobody, 'en-US');
    assert.equal((await original(en.id)).content, 'You may not use /nodes: it needs the viewer level, and yours is none.');
    // A UserError from the core: the same refusal, rendered for each reader (English where the core has no Korean yet).
    const bad = await slash('send', [opt.string('target', 'k-1'), opt.string('command', 'status'), opt.string('params', '{not json')], MEMBERS.viewer, 'ko');
    const badAnswer = await original(bad.id);
    assert.equal(badAnswer.flags & EPHEMERAL, EPHEMERAL);
    assert.ok(badAnswer.content.length > 0 && !badAnswer.content.startsWith('⚠️'), 'a refusal, not a fault');
  });

  it('/nodes in Korean and in English', async () => {
    const ko = await original((await slash('nodes', [], MEMBERS.viewer, 'ko')).id);
    assert.equal(ko.embeds[0]!.title, '에이전트: 알려진 2개, 온라인 2개');
    assert.match(ko.embeds[0]!.description!, /🟢 \*\*k-1\*\* \(k-host-1\) · 온라인 · /);
    assert.equal(ko.embeds[0]!.footer!.text, '전체 · 1쪽 중 1쪽');
    const en = await original((await slash('nodes', [], MEMBERS.viewer, 'en-US')).id);
    assert.equal(en.embeds[0]!.title, 'Agents: 2 known, 2 online');
    assert.equal(en.embeds[0]!.footer!.text, 'all · page 1 of 1');
  });

  it('/schedule show in Korean, times in the schedule\'s zone', async () => {
    const add = await st.emu.slash({
      name: 'schedule',
      options: [
        opt.subcommand('add', [opt.string('name', 'nightly-status'), opt.string('cron', '0 3 * * *'), opt.string('target', 'all'), opt.string('command', 'status'), opt.string('timezone', 'Asia/Seoul')]),
      ],
      user: MEMBERS.operator.user,
      roles: [...MEMBERS.operator.roles],
      channelId: IDS.channels.ops,
      locale: 'ko',
    });
    const added = await original(add.id);
    assert.equal(added.embeds[0]!.title, '스케줄 nightly-status 추가됨');
    assert.match(added.embeds[0]!.description!, /^`all`에서 `status`\n`0 3 \* \* \*` \(Asia\/Seoul 기준\) · 활성 · Olga 대리 실행\n/);
    const show = await st.emu.slash({
      name: 'schedule',
      options: [opt.subcommand('show', [opt.string('name', 'nightly-status')])],
      user: MEMBERS.viewer.user,
      roles: [...MEMBERS.viewer.roles],
      channelId: IDS.channels.ops,
      locale: 'ko',
    });
    const shown = await original(show.id);
    assert.equal(shown.flags & EPHEMERAL, EPHEMERAL);
    assert.equal(shown.embeds[0]!.title, '스케줄 nightly-status');
    const text = shown.embeds[0]!.description!;
    assert.match(text, /스케줄 nightly-status: 활성/);
    assert.match(text, / {2}실행 {7}all에서 status/);
    assert.match(text, / {2}시각 {7}"0 3 \* \* \*" \(Asia\/Seoul 기준\)/);
    assert.match(text, /다음 실행:\n {2}\d{4}-\d\d-\d\d 03:00:00 Asia\/Seoul/);
    assert.match(text, /아직 실행 없음\./);
  });

  it('an approval: the requester\'s form and replies in English, the approvals channel in MSERVER_LOCALE (Korean)', async () => {
    const ref = await slash('send', [opt.string('target', 'k-1'), opt.string('command', 'stop'), opt.string('container', container)], MEMBERS.admin, 'en-US');
    const modal = await st.emu.waitFor(() => st.emu.interaction(ref.id).modal);
    assert.equal(modal.title, 'Approval needed: stop');
    // The real expiry, not a fixed "15 minutes".
    assert.match(JSON.stringify(modal.components), /Request #\d+ on 1 agent; expires in \d+ min \d+ s\./);
    const requestId = Number(String(modal.custom_id).split(':').pop());
    const submit = await st.emu.submitModal({ customId: String(modal.custom_id), fields: { reason: '점검 작업' }, user: MEMBERS.admin.user, roles: [...MEMBERS.admin.roles], locale: 'en-US' });
    const waiting = await original(submit.id);
    assert.match(waiting.content, new RegExp(`^Request #${requestId} waits for approval in <#${IDS.channels.approvals}>\\.`));

    const post = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.embeds[0]?.fields?.some((f) => f.name === '요청' && f.value === `#${requestId}`)));
    assert.equal(post.content, '승인 요청: Adam님이 `stop`(중요) 실행을 요청합니다. 요청자가 아닌 승인자가 결정할 수 있습니다.');
    assert.equal(post.embeds[0]!.title, 'k-1에서 stop: 승인하시겠습니까?');
    assert.equal(fields(post)['사유'], '점검 작업');
    assert.deepEqual(buttonLabels(post), ['승인', '거부']);

    // The approver's Discord is English: the decision still updates the channel's post in Korean, and the
    // requester's message in the requester's English.
    await click(post, 'approval:deny:', MEMBERS.approver, 'en-US');
    const decided = await st.emu.waitFor(() => st.emu.messages(IDS.channels.approvals).find((m) => m.id === post.id && m.components.length === 0));
    assert.match(decided.content, /^🚫 거부됨 · Paul \(<@\d+>\) · <t:\d+:f>: 아무것도 실행하지 않았습니다\.$/);
    const told = await original(submit.id, (m) => m.content.includes('Denied'));
    assert.match(told.content, new RegExp(`^Request #${requestId} \\(\`stop\`\\): 🚫 Denied by Paul \\(<@\\d+>\\) at <t:\\d+:f>: nothing was run\\.$`));
  });
});
