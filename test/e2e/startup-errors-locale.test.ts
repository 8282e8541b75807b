// Start-up problems in the operator's language (issue 18), with the real process: MSERVER_LOCALE=ko
// gives Korean lines, the variable and its value as typed; a language mserver does not speak is one
// English line naming the choices, exit code 2; LANG alone leaves start-up problems in English.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startupRefusal, useScratchFolder } from '../support/startup-refusal.ts';

const scratch = useScratchFolder();

describe('start-up problems follow MSERVER_LOCALE', () => {
  it('MSERVER_LOCALE outside en and ko: one line naming the choices, exit code 2', async () => {
    const r = await startupRefusal({ MSERVER_LOCALE: 'fr' });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['mserver: not started: MSERVER_LOCALE="fr" is not valid: expected "en" (English) or "ko" (Korean)']);
  });

  it('MSERVER_LOCALE=ko: a value that is not valid, in Korean', async () => {
    const r = await startupRefusal({ MSERVER_LOCALE: 'ko', MCLIENT_PORT: 'abc' });
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['mserver: 시작하지 못했습니다: MCLIENT_PORT="abc" 값이 올바르지 않습니다. 필요한 값: 0에서 65535 사이의 정수']);
  });

  it('MSERVER_LOCALE=ko: the hub port in use, in Korean; LANG=ko_KR.UTF-8 alone keeps it English', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    try {
      const own = join(scratch(), 'inuse');
      mkdirSync(own, { mode: 0o700 });
      const ko = await startupRefusal({ MSERVER_LOCALE: 'ko', DATABASE_PATH: join(own, 'ko.db'), MCLIENT_PORT: String(port) });
      assert.equal(ko.code, 2);
      assert.deepEqual(ko.lines, [
        `mserver: 시작하지 못했습니다: MCLIENT_PORT=${port}: 127.0.0.1:${port}은(는) 이미 사용 중입니다 (EADDRINUSE). 사용 중인 프로그램을 멈추거나 MCLIENT_PORT를 비어 있는 포트로 설정하세요`,
      ]);
      const lang = await startupRefusal({ LANG: 'ko_KR.UTF-8', DATABASE_PATH: join(own, 'lang.db'), MCLIENT_PORT: String(port) });
      assert.equal(lang.code, 2);
      assert.deepEqual(lang.lines, [`mserver: not started: MCLIENT_PORT=${port}: 127.0.0.1:${port} is already in use (EADDRINUSE); stop what uses it or set MCLIENT_PORT to a free port`]);
    } finally {
      blocker.close();
    }
  });
});
