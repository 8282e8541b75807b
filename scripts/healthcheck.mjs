#!/usr/bin/env node
// The container's HEALTHCHECK: GET /livez on the HTTP API when HTTP_PORT is on (default 8080), else
// the hub's /healthz on MCLIENT_PORT. Exit 0 healthy, 1 not. No dependencies: it runs in the image as is.
const env = process.env;
const httpPort = (env.HTTP_PORT ?? '').trim() || '8080';
const [port, path] = httpPort === '0' ? [(env.MCLIENT_PORT ?? '').trim() || '8765', '/healthz'] : [httpPort, '/livez'];
const url = `http://127.0.0.1:${port}${path}`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
  if (!res.ok) {
    console.error(`unhealthy: ${url} answered ${res.status}`);
    process.exit(1);
  }
  console.log(`healthy: ${url} answered ${res.status}`);
} catch (err) {
  console.error(`unhealthy: ${url}: ${err.cause?.code ?? err.message}`);
  process.exit(1);
}
