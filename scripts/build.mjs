#!/usr/bin/env node
// `npm run build`: tsc to dist/, then the files the server reads at run time beside their module
// (the SQL migrations, read from the directory next to store/database.js), and the dashboard's client
// built by Vite into web/dist and copied to dist/web/dist (where the compiled server looks for it).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildWeb } from './build-web.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const ASSETS = ['src/store/migrations'];

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
for (const dir of ASSETS) cpSync(join(root, dir), join(dist, dir), { recursive: true });
await buildWeb();
cpSync(join(root, 'web/dist'), join(dist, 'web/dist'), { recursive: true });
process.stdout.write(`built ${dist}\n`);
