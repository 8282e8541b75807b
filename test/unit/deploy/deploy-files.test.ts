// The deployment files: the systemd unit passes `systemd-analyze verify` with nothing to say (a
// misspelled setting is only a warning there, so silence is the test) and holds the hardening the
// README promises; the Dockerfile keeps the steps scripts/docker-steps.sh proves.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const UNIT = join(ROOT, 'deploy', 'mserver.service');
const hasAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
// CI installs Debian's systemd package (.ci/run); elsewhere the check is skipped, saying why.
const skip = !hasAnalyze && process.env.CI !== 'true' ? 'systemd-analyze is not installed (apt-get install systemd)' : false;

function verify(path: string): { status: number | null; output: string } {
  const r = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_COLOR: '0' } });
  return { status: r.status, output: `${r.stdout}${r.stderr}`.trim() };
}

describe('deploy/mserver.service', () => {
  it('passes systemd-analyze verify without a warning', { skip }, () => {
    const r = verify(UNIT);
    assert.equal(r.output, '');
    assert.equal(r.status, 0);
  });

  it('a misspelled setting would be caught', { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'mserver-unit-'));
    try {
      const bad = join(dir, 'mserver.service');
      writeFileSync(bad, readFileSync(UNIT, 'utf8').replace('Restart=on-failure', 'Restart=on-failur'));
      assert.match(verify(bad).output, /restart specifier/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs unprivileged, hardened, restarts on failure and reloads TLS with SIGHUP', () => {
    const unit = readFileSync(UNIT, 'utf8');
    for (const line of ['DynamicUser=yes', 'StateDirectory=mserver', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'Restart=on-failure', 'ExecReload=/bin/kill -HUP $MAINPID', 'DATABASE_PATH=/var/lib/mserver/mserver.db', 'UMask=0077']) {
      assert.ok(unit.split('\n').some((l) => l.trim() === line || l.trim() === `Environment=${line}`), `missing ${line}`);
    }
  });
});

describe('Dockerfile', () => {
  it('multi-stage on Node 22 slim, production install, non-root, volume, healthcheck, SIGTERM', () => {
    const file = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    assert.ok((file.match(/^FROM node:22-slim/gm) ?? []).length >= 2);
    assert.match(file, /^RUN npm ci --omit=dev/m);
    assert.match(file, /^USER node$/m);
    assert.match(file, /^VOLUME \["\/data"\]$/m);
    assert.match(file, /^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.mjs"\]$/m);
    assert.match(file, /^STOPSIGNAL SIGTERM$/m);
    assert.match(file, /^ENTRYPOINT \["node", "dist\/src\/main\.js"\]$/m);
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const p of ['.env', 'node_modules', 'data', '.git']) assert.ok(ignore.includes(p), `.dockerignore lacks ${p}`);
  });
});
