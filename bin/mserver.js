#!/usr/bin/env node
// The `mserver` command (package.json "bin"): the compiled server, built by `npm run build`.
import '../dist/src/main.js';
