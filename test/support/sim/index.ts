// The sim's public surface, for tests, the demo and the benchmark.
export { prepareFleet, startFleet } from './fleet.ts';
export type { Fleet, PreparedFleet } from './fleet.ts';
export type { FleetOptions, TokenPlacement } from './fleet-options.ts';
export type { FleetEvent } from './fleet-event.ts';
export type { FleetStats } from './fleet-stats.ts';
export { SimAgent } from './sim-agent.ts';
export type { PayoutInfo, PayoutSettings, UnclaimedEra } from './payout-state.ts';
export { COMMANDS } from './run-command.ts';
