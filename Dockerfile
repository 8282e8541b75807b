# mserver in a container. scripts/docker-steps.sh runs these same steps without Docker in CI.
#   docker build -t mserver .
#   docker run -d --name mserver --env-file .env -p 8765:8765 -v mserver-data:/data mserver
# or: docker compose up -d (compose.yaml). Logs are stderr: docker logs -f mserver.

# --- build: the TypeScript compiled to dist/ and the dashboard bundled into dist/web/dist (no native module needed) ---
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs scripts/
COPY src src
COPY commands commands
COPY scripts/build-web.mjs scripts/
COPY web web
RUN npm run build

# --- deps: production dependencies only; the compilers are here in case better-sqlite3 has no
# prebuilt binary for this platform, and never reach the final image ---
FROM node:22-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime ---
FROM node:22-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/data/mserver.db \
    MCLIENT_HOST=0.0.0.0 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY bin bin
COPY scripts/healthcheck.mjs scripts/
# The database lives on a volume owned by the image's non-root user "node" (uid 1000).
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
VOLUME ["/data"]
# 8765: the mclient hub. 8080: the HTTP API (HTTP_PORT; 0 turns it off).
EXPOSE 8765 8080
# /livez on the HTTP API when HTTP_PORT is on, else the hub's /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
# mserver stops gracefully on SIGTERM: running commands are recorded, the database closed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/src/main.js"]
