// TLS for the hub (issue 13): with MCLIENT_TLS_CERT and MCLIENT_TLS_KEY a real mserver process serves
// wss:// only; a plain ws:// attempt gets nowhere; SIGHUP reloads a new certificate while connected
// agents stay; an unreadable or unparsable file stops start-up with one line naming it (exit 2).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestAgent } from '../support/agent.ts';
import { spawnMserver, startMserverProcess, type MserverProcess } from '../support/mserver-process.ts';
import { TEST_TOKEN } from '../support/mserver.ts';

/** A fresh self-signed certificate for 127.0.0.1 (its own CA), written as cert.pem and key.pem in `dir`. */
function makeCert(dir: string): { cert: string; key: string; pem: Buffer } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert) };
}

describe('wss:// with MCLIENT_TLS_CERT and MCLIENT_TLS_KEY', () => {
  let dir: string;
  let m: MserverProcess;
  let first: ReturnType<typeof makeCert>;
  let token: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mserver-tls-'));
    first = makeCert(dir);
    m = await startMserverProcess({ DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TOKEN: TEST_TOKEN, MCLIENT_TLS_CERT: first.cert, MCLIENT_TLS_KEY: first.key });
    token = await addAgent('tls-1');
  });

  /** `agent add <id>` at the console; the token from its line. */
  async function addAgent(id: string): Promise<string> {
    const from = m.stdout.length;
    m.write(`agent add ${id}`);
    return (await m.waitForStdout(new RegExp(`^token for ${id}: `), 10_000, from)).split(': ')[1]!.trim();
  }
  after(async () => {
    await m.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function status(agent: TestAgent): Promise<void> {
    const from = m.stdout.length;
    m.write('send tls-1 status');
    const cmd = await agent.nextCommand(10_000);
    agent.respond(cmd.id, 'success', { result: { state: 'running' } });
    await m.waitForStdout(/tls-1\s+success/, 10_000, from);
  }

  it('serves wss:// with its own token; a plain ws:// attempt is refused', async () => {
    const agent = await TestAgent.connect(`wss://127.0.0.1:${m.port}`, { token, ca: first.pem, register: { client_id: 'tls-1' } });
    await status(agent);
    await assert.rejects(TestAgent.connect(`ws://127.0.0.1:${m.port}`, { token, register: { client_id: 'tls-1' }, timeoutMs: 2000 }));
    await agent.close();
  });

  it('SIGHUP reloads a new certificate: the connected agent stays, new connections get the new one', async () => {
    const agent = await TestAgent.connect(`wss://127.0.0.1:${m.port}`, { token, ca: first.pem, register: { client_id: 'tls-1' } });
    await status(agent);
    const renewed = makeCert(dir);
    const from = m.stderr.length;
    m.child.kill('SIGHUP');
    await m.waitForStderr('TLS certificate and key reloaded', 10_000, from);
    assert.equal(agent.readyState, 1, 'still connected');
    await status(agent);
    await assert.rejects(TestAgent.connect(`wss://127.0.0.1:${m.port}`, { token, ca: first.pem, register: { client_id: 'tls-2' }, timeoutMs: 2000 }), /cannot connect/);
    const second = await addAgent('tls-2');
    const fresh = await TestAgent.connect(`wss://127.0.0.1:${m.port}`, { token: second, ca: renewed.pem, register: { client_id: 'tls-2' } });
    assert.equal(fresh.readyState, 1);
    await fresh.close();
    await agent.close();
  });
});

describe('TLS files that cannot be used', () => {
  it('stop start-up with one line naming the file, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-tls-bad-'));
    try {
      const { key } = makeCert(dir);
      const cases = [
        { cert: join(dir, 'missing.pem'), key, line: /MCLIENT_TLS_CERT=.*missing\.pem: cannot be read \(ENOENT\)/ },
        { cert: join(dir, 'junk.pem'), key, line: /MCLIENT_TLS_CERT=.*junk\.pem: not a usable PEM certificate/ },
      ];
      writeFileSync(join(dir, 'junk.pem'), 'not a certificate\n');
      for (const c of cases) {
        const child = spawnMserver({ MCLIENT_HOST: '127.0.0.1', MCLIENT_PORT: '0', DATABASE_PATH: join(dir, 'db.sqlite'), MCLIENT_TLS_CERT: c.cert, MCLIENT_TLS_KEY: c.key }, []);
        let err = '';
        child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
        const [code] = await once(child, 'exit');
        assert.equal(code, 2, err);
        assert.match(err, c.line);
        assert.equal(err.split('\n').filter((l) => l.includes('MCLIENT_TLS')).length, 1, 'one line names it');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
