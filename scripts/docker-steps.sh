#!/usr/bin/env bash
# The Dockerfile's steps without a Docker engine (none runs on CI machines), so what the image does is
# proven where it cannot be built:
#   1. a clean copy of the tree (the files git knows, as the build context minus .dockerignore),
#   2. the build stage: `npm ci --ignore-scripts` and `npm run build` (the server and the dashboard),
#   3. the runtime stage: package.json + lockfile, `npm ci --omit=dev`, dist/, bin/, the healthcheck,
#   4. the compiled server started from that copy as a non-root user (nobody, when this runs as root)
#      with the database in a separate folder, driven by test/e2e/compiled-smoke.test.ts.
# It also prints the size of the production node_modules. Usage: scripts/docker-steps.sh [--keep]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/mserver-docker-steps.XXXXXX")
KEEP=${1:-}
cleanup() { if [ "$KEEP" != "--keep" ]; then rm -rf "$WORK"; else echo "docker-steps: kept $WORK"; fi; }
trap cleanup EXIT
step() { printf '\n== docker-steps: %s (%ss)\n' "$1" "$SECONDS"; }

step "clean copy of the build context"
mkdir -p "$WORK/context" "$WORK/build" "$WORK/app" "$WORK/data"
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -xf - -C "$WORK/context"
else
  tar -C "$ROOT" --exclude=./node_modules --exclude=./dist --exclude=./data --exclude=./.env --exclude=./.git -cf - . | tar -xf - -C "$WORK/context"
fi
for ignored in node_modules dist data .env .git; do test ! -e "$WORK/context/$ignored" || { echo "docker-steps: $ignored leaked into the context"; exit 1; }; done

step "build stage: npm ci --ignore-scripts && npm run build"
cp "$WORK/context/package.json" "$WORK/context/package-lock.json" "$WORK/build/"
(cd "$WORK/build" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
cp -r "$WORK/context/tsconfig.json" "$WORK/context/tsconfig.build.json" "$WORK/context/src" "$WORK/context/commands" "$WORK/build/"
cp -r "$WORK/context/web" "$WORK/build/"
mkdir -p "$WORK/build/scripts" && cp "$WORK/context/scripts/build.mjs" "$WORK/context/scripts/build-web.mjs" "$WORK/build/scripts/"
(cd "$WORK/build" && npm run build --silent)

step "runtime stage: npm ci --omit=dev"
cp "$WORK/context/package.json" "$WORK/context/package-lock.json" "$WORK/app/"
(cd "$WORK/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
cp -r "$WORK/build/dist" "$WORK/context/bin" "$WORK/app/"
mkdir -p "$WORK/app/scripts" && cp "$WORK/context/scripts/healthcheck.mjs" "$WORK/app/scripts/"
if [ -e "$WORK/app/node_modules/tsx" ] || [ -e "$WORK/app/node_modules/typescript" ]; then echo "docker-steps: a dev dependency is in the runtime install"; exit 1; fi
echo "docker-steps: production node_modules: $(du -sh "$WORK/app/node_modules" | cut -f1)"

step "compiled server as a non-root user, database in a separate folder"
if [ "$(id -u)" = 0 ]; then
  RUN_UID=65534 RUN_GID=65534   # nobody/nogroup, like the image's USER node: no root, owns only /data
  chmod 755 "$WORK"
  chmod -R a+rX "$WORK/app"
  chown "$RUN_UID:$RUN_GID" "$WORK/data"
  chmod 700 "$WORK/data"
else
  RUN_UID=$(id -u) RUN_GID=$(id -g)   # already not root
fi
(cd "$ROOT" && MSERVER_SMOKE_APP="$WORK/app" MSERVER_SMOKE_DATA="$WORK/data" MSERVER_SMOKE_UID="$RUN_UID" MSERVER_SMOKE_GID="$RUN_GID" \
  node --import tsx --test --test-timeout=120000 test/e2e/compiled-smoke.test.ts)
step "done"
