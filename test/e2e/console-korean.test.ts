// The operator console in Korean (issue 18), driven through piped stdin of a real mserver process:
// MSERVER_LOCALE=ko, and LANG=ko_KR.UTF-8 without MSERVER_LOCALE. English stays the default (the other
// console tests run with neither and read English).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';
import { startFleet, type Fleet } from '../support/sim/index.ts';

describe('console in Korean with MSERVER_LOCALE=ko', () => {
  let dir: string;
  let m: MserverProcess;
  let fleet: Fleet;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-console-ko-'));
    m = await startMserverProcess({ DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TOKEN: TEST_TOKEN, COMMAND_TIMEOUT_MS: '3000', MSERVER_LOCALE: 'ko' });
    fleet = await startFleet({ url: `ws://127.0.0.1:${m.port}`, clients: 2, token: TEST_TOKEN, summaryEveryMs: 0, seed: 7, idPrefix: 'box' });
    await fleet.waitConnected(2, 10_000);
  });
  after(async () => {
    await fleet.stop();
    await m.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('greets and helps in Korean; verb names and the syntax stay as typed', async () => {
    await m.waitForStdout('mserver 콘솔: help를 입력하면 명령 목록이 나옵니다.', 10_000);
    const from = m.stdout.length;
    m.write('help');
    await m.waitForStdout('콘솔 명령:', 10_000, from);
    await m.waitForStdout(/^\s+send <client> <command> \[params\]\s+에이전트 하나\(또는 쉼표로 구분한 목록\)에서 명령 실행$/, 5000, from);
    await m.waitForStdout(/^에이전트 명령 \(위험도:/, 5000, from);
    assert.ok(!m.stdout.slice(from).some((l) => l.includes('Console commands:')), 'no English help');
  });

  it('refuses in Korean, and strips bidi characters from what was typed after translating', async () => {
    let from = m.stdout.length;
    m.write('frob\u202enicate');
    const line = await m.waitForStdout(/알 수 없는 콘솔 명령/, 10_000, from);
    assert.equal(line.replace(/^(mserver> )+/, ''), '오류: 알 수 없는 콘솔 명령입니다: "frobnicate". help를 입력하세요.');
    from = m.stdout.length;
    m.write('send');
    const usage = await m.waitForStdout(/사용법: send/, 10_000, from);
    assert.equal(usage.replace(/^(mserver> )+/, ''), '오류: 사용법: send <client> <command> [name=value ... | JSON] [--yes]');
  });

  it("tells a run's result in Korean, and confirms a change command with 예", async () => {
    let from = m.stdout.length;
    m.write('send box-1 status');
    await m.waitForStdout(/요청 #\d+: status을\(를\) 에이전트 1개에 보냈습니다\.$/, 10_000, from);
    await m.waitForStdout(/^\s+box-1\s+\S+.*polkadot-validator-1/, 10_000, from);
    from = m.stdout.length;
    m.write('broadcast status');
    await m.waitForStdout(/요청 #\d+: status을\(를\) 에이전트 2개에 보냈습니다\.$/, 10_000, from);
    await m.waitForStdout(/^완료: /, 10_000, from);
    const before = fleet.agents[1]!.commandsReceived;
    from = m.stdout.length;
    m.write(`send box-2 restart container=${fleet.agents[1]!.containers[0]!}`);
    await m.waitForStdout('실행하려면 yes를 입력하세요', 10_000, from);
    m.write('예');
    await m.waitForStdout(/요청 #\d+: restart을\(를\) 에이전트 1개에 보냈습니다\.$/, 10_000, from);
    assert.equal(fleet.agents[1]!.commandsReceived, before + 1);
  });

  it('lists schedules in Korean', async () => {
    let from = m.stdout.length;
    m.write('schedule list');
    await m.waitForStdout('스케줄이 아직 없습니다. schedule add로 만드세요.', 10_000, from);
    from = m.stdout.length;
    m.write('schedule add nightly "0 3 * * *" box-1 status');
    await m.waitForStdout(/스케줄 nightly을\(를\) 추가했습니다: status, 대상 box-1, "0 3 \* \* \*" \(UTC\); .*결과는 이 콘솔과 이력 \(Discord 꺼짐\)에 알립니다\.$/, 10_000, from);
    from = m.stdout.length;
    m.write('schedule list');
    await m.waitForStdout('스케줄: 1개', 10_000, from);
    await m.waitForStdout(/nightly/, 5000, from);
  });
});

describe('console in Korean from LANG=ko_KR.UTF-8 alone', () => {
  let dir: string;
  let m: MserverProcess;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-console-lang-'));
    m = await startMserverProcess({ DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TOKEN: TEST_TOKEN, LANG: 'ko_KR.UTF-8' });
  });
  after(async () => {
    await m.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('speaks Korean at the prompt', async () => {
    await m.waitForStdout('mserver 콘솔: help를 입력하면 명령 목록이 나옵니다.', 10_000);
    const from = m.stdout.length;
    m.write('waiting');
    await m.waitForStdout('에이전트를 기다리는 명령이 없습니다.', 10_000, from);
  });
});
