// `npm run sim -- --url ws://127.0.0.1:8765 --clients 20`: a fleet of simulated mclients in the
// foreground, one status line every few seconds, a clean stop on SIGINT/SIGTERM.
import { parseSimArgs, SIM_USAGE } from './cli-options.ts';
import { startFleet } from './fleet.ts';
import type { Fleet } from './fleet.ts';
import type { FleetEvent } from './fleet-event.ts';

let config;
try {
  config = parseSimArgs(process.argv.slice(2), process.env);
} catch (err) {
  console.error(`sim: ${(err as Error).message}\n\n${SIM_USAGE}`);
  process.exit(2);
}
if (config === 'help') {
  console.log(SIM_USAGE);
  process.exit(0);
}

const { fleet: fleetOptions, statusEveryMs, verbose } = config;
// Filled in once the fleet is up; a signal before that just exits.
const running: { fleet?: Fleet; statusTimer?: ReturnType<typeof setInterval> } = {};
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) {
    console.error(`sim: second ${signal}, exiting now`);
    process.exit(130);
  }
  stopping = true;
  const { fleet } = running;
  if (!fleet) process.exit(130);
  console.log(`sim: ${signal}, disconnecting ${fleet.stats().connected} agents`);
  clearInterval(running.statusTimer);
  await fleet.stop();
  console.log(`sim: stopped. ${statusLine(fleet)}`);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

function describe(e: FleetEvent): string {
  switch (e.type) {
    case 'connected':
      return `${e.agent} ${e.reconnect ? 're' : ''}connected`;
    case 'disconnected':
      return `${e.agent} disconnected ${e.code} ${e.reason}`;
    case 'command':
      return `${e.agent} <- ${e.command} ${e.id} ${JSON.stringify(e.params)}`;
    case 'progress':
      return `${e.agent} -> ${e.command} ${e.id} ${e.status}`;
    case 'response':
      return `${e.agent} -> ${e.command} ${e.id} ${e.status}${e.error ? `: ${e.error}` : ''}`;
    case 'key_update':
      return `${e.agent} -> key_update ${e.container}`;
    case 'ack':
      return `${e.agent} <- ${e.ack}${e.command_id ? ` ${e.command_id}` : ''}`;
    case 'summary':
      return `${e.agent} -> summary`;
    case 'error':
      return `${e.agent} error: ${e.message}`;
    case 'refused':
      return `${e.agent} refused: ${e.code} ${e.reason}`;
  }
}

/** Why mserver refused an agent, said once per kind of refusal whatever --verbose says. */
const refusalsSaid = new Set<string>();
function sayRefusal(e: Extract<FleetEvent, { type: 'refused' }>): void {
  const key = `${e.code} ${e.reason}`;
  if (refusalsSaid.has(key)) return;
  refusalsSaid.add(key);
  const how = e.code === 4401 ? `closed the connection with code 4401 "${e.reason}"` : e.reason;
  console.error(
    `sim: mserver refused ${e.agent}: it ${how}. The agent token is wrong or missing: give the server's token with --token or SIM_TOKEN (mserver's console command "token" shows it).`,
  );
}

function statusLine(f: Fleet): string {
  const s = f.stats();
  return (
    `connected ${s.connected}/${f.agents.length} commands ${s.commandsReceived} responses ${s.responsesSent} ` +
    `summaries ${s.summariesSent} key_updates ${s.keyUpdatesSent} errors ${s.errors}${s.refused > 0 ? ` refused ${s.refused}` : ''}`
  );
}

console.log(`sim: starting ${fleetOptions.clients} agents against ${fleetOptions.url}${fleetOptions.legacy ? ' (legacy)' : ''}`);
fleetOptions.onEvent = (e) => {
  if (e.type === 'refused') sayRefusal(e);
  if (verbose) console.log(`sim: ${describe(e)}`);
};
try {
  const fleet = await startFleet(fleetOptions);
  running.fleet = fleet;
  running.statusTimer = setInterval(() => console.log(`sim: ${statusLine(fleet)}`), Math.max(500, statusEveryMs));
  console.log(`sim: started. ${statusLine(fleet)}`);
} catch (err) {
  console.error(`sim: ${(err as Error).message}`);
  process.exit(2);
}
