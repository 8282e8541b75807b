// Channel notifications in Korean (issue 18): with MSERVER_LOCALE=ko every notice goes through the real
// outbox and the Discord emulator in Korean: a payout warning, a host gone offline, a key rotation (its
// alert, buttons and the automatic check's verdict), the disk running full and an unattended run that
// failed. The English of the same notices is what the other notify-* tests assert, with no MSERVER_LOCALE.
import assert from 'node:assert/strict';
import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { EmuMessage } from '../support/discord-emulator/index.ts';
import { IDS, startDiscordStack, type DiscordStack } from '../support/discord-stack.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';
import { waitUntil } from '../support/wait.ts';

const text = (m: EmuMessage) => [m.content, ...m.embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}\n${e.footer?.text ?? ''}`)].join('\n');
const labels = (m: EmuMessage) => ((m.components ?? []) as { components: { label?: string }[] }[]).flatMap((r) => r.components.map((c) => c.label));
const HANGUL = /[\uac00-\ud7a3]/;

describe('notifications in Korean (MSERVER_LOCALE=ko)', () => {
  let st: DiscordStack;
  let fleet: Fleet;
  const fs = statfsSync(tmpdir());
  // A threshold just above what the disk has free: the check sees "low" on this machine, whatever it is.
  const diskThreshold = String(Math.floor((fs.bavail * fs.bsize) / 1048576) + 1024);

  before(async () => {
    st = await startDiscordStack({
      env: {
        MSERVER_LOCALE: 'ko',
        AGENT_OFFLINE_GRACE_S: '1',
        AGENT_ALERT_WINDOW_MS: '100',
        PAYOUT_SNAPSHOT_MIN_S: '0',
        PAYOUT_ALERT_WINDOW_MS: '100',
        PAYOUT_WARN_ERAS: '4',
        PAYOUT_CRITICAL_ERAS_LEFT: '14',
        COMMAND_TIMEOUT_MS: '1500',
        DISK_WARN_FREE_MB: diskThreshold,
        RETENTION_SWEEP_S: '1',
      },
    });
    fleet = await startFleet({ url: st.s.url, clients: 4, token: TEST_TOKEN, summaryEveryMs: 0, seed: 77, idPrefix: 'ko', reconnectDelayMs: 50, failCommands: ['check_keys'] });
    await waitUntil(() => st.s.app.hub.connectedIds().length === 4, 'four agents');
  });
  after(async () => {
    await fleet.stop();
    await st.stop();
  });

  it('posts a payout warning in Korean', async () => {
    const agent = fleet.agent('ko-1')!;
    const hub = st.s.app.hub;
    const send = async () => {
      const start = hub.stats().framesIn;
      agent.sendSummary();
      await waitUntil(() => hub.stats().framesIn > start, 'the summary read');
    };
    agent.setPayout({ activeEra: 1000, unclaimedEras: [999], accrue: false });
    await send();
    agent.setPayout({ activeEra: 1010, unclaimedEras: [1004] });
    await send();
    const warning = await st.emu.waitFor(() => st.emu.messages(IDS.channels.payouts).find((m) => text(m).includes('**ko-1**') && text(m).includes('경고')), 5000);
    assert.equal(warning.embeds[0]!.title, '🟠 페이아웃: ko-1');
    assert.match(text(warning), /🟠 \*\*ko-1\*\* · \*\*경고\*\* · 새 미청구 에라 1004 · 청구 완료 999 · 미청구 1개, 가장 오래된 에라 1004 \(6에라 경과, 만료까지 \*\*78에라 남음\*\*\)/);
    assert.ok(text(warning).includes(`스태시 \`${agent.payout.stash}\``), 'the stash is named');
    assert.deepEqual(labels(warning), ['페이아웃 실행: ko-1']);
  });

  it('posts a host gone offline in Korean, with the duration in Korean units', async () => {
    fleet.agent('ko-2')!.disconnect({ reconnect: false });
    const offline = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => m.embeds[0]?.title === 'ko-2 오프라인'), 6000);
    assert.match(text(offline), /🔴 \*\*ko-2\*\* 오프라인: <t:\d+:f>에 연결이 끊긴 뒤 \d+\.\d초 동안 돌아오지 않았습니다/);
  });

  it('posts a key rotation, its buttons and the automatic check in Korean', async () => {
    const agent = fleet.agent('ko-3')!;
    const container = agent.containers[0]!;
    const ops = { id: 'ops-ko', name: '김 운영' };
    const asked = await st.s.app.dispatcher.dispatch({ command: 'rotate_keys', target: 'ko-3', params: { container }, actor: ops, via: 'console' });
    assert.equal(asked.kind, 'needs_confirmation');
    await st.s.app.dispatcher.confirm(asked.request.id, ops, 'console').done;
    const key = agent.sessionKeys.get(container)!;
    const keys = () => st.emu.messages(IDS.channels.keys);
    const alert = await st.emu.waitFor(() => keys().find((m) => text(m).includes(key) && !m.message_reference), 8000);
    assert.equal(alert.embeds[0]!.title, `🔑 새 세션 키: ko-3 / ${container}`);
    assert.match(alert.content, /^🔑 ko-3 \/ \S+에 새 세션 키: 체인에 set_keys 대기 중\.$/);
    assert.match(text(alert), new RegExp(`\\*\\*요청자\\*\\* 김 운영 \\(console, 요청 #${asked.request.id}\\)`));
    assert.match(text(alert), /\*\*새 공개 세션 키\*\* \(전체를 복사하세요\):/);
    assert.match(text(alert), /기존 노드를 계속 실행하세요/);
    assert.deepEqual(labels(alert), ['키 확인', '제출함']);
    const verdict = await st.emu.waitFor(() => keys().find((m) => m.message_reference?.message_id === alert.id), 8000);
    assert.equal(verdict.embeds[0]!.title, `✅ 노드 확인 완료: ko-3 / ${container}에 새 세션 키 있음`);
    assert.match(text(verdict), /응답: 에이전트 ko-3 \(/);
  });

  it('posts the disk running full in Korean', async () => {
    const disk = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => (m.embeds[0]?.title ?? '').startsWith('💾 디스크 공간 부족')), 10_000);
    assert.match(disk.embeds[0]!.title!, /^💾 디스크 공간 부족: [\d,]+ MB 남음$/);
    assert.match(text(disk), /\*\*[\d,]+ MB\*\* 남았습니다 \(경고 기준 [\d,]+ MB 미만, DISK_WARN_FREE_MB\)/);
    assert.match(text(disk), /모든 명령을 거부하고/);
    assert.match(text(disk), /하루에 한 번 알립니다/);
  });

  it('posts an unattended run that failed in Korean', async () => {
    const agent = fleet.agent('ko-4')!;
    const automatic = await st.s.app.dispatcher.dispatch({
      command: 'check_keys',
      target: 'ko-4',
      params: { container: agent.containers[0]! },
      actor: { id: 'mserver', name: 'mserver' },
      via: 'system',
    });
    const failed = await st.emu.waitFor(() => st.emu.messages(IDS.channels.alerts).find((m) => text(m).includes(`요청 #${automatic.request.id},`)), 6000);
    assert.equal(failed.embeds[0]!.title, '❌ 자동 실행 check_keys 실패: 에이전트 1개 중 1개');
    assert.match(text(failed), /❌ \*\*ko-4\*\* · 실패 · \S/);
  });

  it('writes nothing in English in what it posted', async () => {
    const all = [...st.emu.messages(IDS.channels.alerts), ...st.emu.messages(IDS.channels.payouts), ...st.emu.messages(IDS.channels.keys)];
    assert.ok(all.length >= 5);
    for (const m of all) assert.match(m.embeds[0]?.title ?? '', HANGUL, `a Korean title: ${m.embeds[0]?.title}`);
  });
});
