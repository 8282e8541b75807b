// The core speaks in Messages (issue 18): the same refusal, parameter error or run outcome reads in
// Korean for a Korean reader and in English otherwise, from a real dispatcher, store and hub.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCatalog } from '../../../src/core/catalog.ts';
import { UserError } from '../../../src/core/errors.ts';
import type { Actor } from '../../../src/core/ports.ts';
import { render, type Message } from '../../../src/i18n/message.ts';
import { TestAgent } from '../../support/agent.ts';
import { fixedMembers } from '../../support/fixed-members.ts';
import { startTestServer, TEST_TOKEN, type TestServer } from '../../support/mserver.ts';
import { waitUntil } from '../../support/wait.ts';

const operator: Actor = { id: '100000000000000011', name: 'minji', roles: ['200000000000000012'] };
const nobody: Actor = { id: '100000000000000013', name: 'jun', roles: [] };

async function refusal(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('core refusals and outcomes in the reader language', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ env: { ROLE_OPERATOR_IDS: '200000000000000012' }, app: { memberRoles: fixedMembers([operator, nobody]) } });
  });
  after(async () => {
    await s.dispose();
  });

  test('a member without the level is refused in Korean and in English, naming the command and level', async () => {
    const err = await refusal(s.app.dispatcher.dispatch({ command: 'restart', target: 'ko-1', params: { container: 'polkadot' }, actor: nobody, via: 'discord' }));
    assert.equal(err.code, 'forbidden');
    assert.match(err.localized('en'), /^You may not run restart: your level is none\. It needs the operator level/);
    assert.match(err.localized('ko'), /^restart을\(를\) 실행할 수 없습니다: 현재 권한 등급은 none입니다\. operator 이상의 등급이 필요합니다/);
    assert.equal(err.message, err.localized('en'), 'the English text stays the error message (logs, old callers)');
  });

  test('a wrong parameter is refused with its rule rendered in the reader language', async () => {
    const err = await refusal(s.app.dispatcher.dispatch({ command: 'logs', target: 'ko-1', params: { container: 'polkadot', lines: '9999' }, actor: operator, via: 'discord' }));
    assert.equal(err.code, 'bad_params');
    assert.equal(err.localized('en'), 'logs: lines: expected an integer from 1 to 5000, got "9999"');
    assert.equal(err.localized('ko'), 'logs: lines: "9999"은(는) 올바른 값이 아닙니다 (형식: 1부터 5000까지의 정수)');
  });

  test('the catalog gives each problem as a Message, so a form can show it as it is typed', () => {
    const catalog = createCatalog();
    const result = catalog.parseParams(catalog.get('logs')!, { lines: 10, colour: 'red' });
    assert.equal(result.ok, false);
    const problems = (result as { problems: Message[] }).problems;
    assert.deepEqual(problems.map((m) => render('en', m)), [
      'colour: not a parameter of logs (allowed: container, lines, since)',
      'container: required, a container name: a letter or digit, then up to 127 of letters, digits, _ . -',
    ]);
    assert.deepEqual(problems.map((m) => render('ko', m)), [
      'colour: logs의 매개변수가 아닙니다 (사용 가능: container, lines, since)',
      'container: 필수 항목입니다 (형식: 컨테이너 이름: 영문자나 숫자로 시작하고, 이어서 영문자, 숫자, _ . - 최대 127자)',
    ]);
  });

  test("the hub's 'not connected' reaches the live reader as a Message; the stored row keeps English", async () => {
    const agent = await TestAgent.connect(s.url, { token: TEST_TOKEN, register: { client_id: 'ko-1', containers: ['polkadot'] } });
    await waitUntil(() => s.app.hub.isConnected('ko-1'), 'ko-1 connected');
    await agent.close();
    await waitUntil(() => !s.app.hub.isConnected('ko-1'), 'ko-1 gone');
    const out = await s.app.dispatcher.dispatch({ command: 'status', target: 'ko-1', params: {}, actor: operator, via: 'discord' });
    assert.equal(out.kind, 'running');
    if (out.kind !== 'running') return;
    const [u] = await out.run.done;
    assert.equal(u?.state, 'not_connected');
    assert.equal(u?.error, 'the agent is not connected');
    assert.ok(u?.errorText);
    assert.equal(render('ko', u.errorText), '에이전트가 연결되어 있지 않습니다');
  });
});
