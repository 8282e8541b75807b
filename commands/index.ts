// Every slash command mserver registers, in the order Discord lists them.
import type { SlashCommand } from '../src/transports/discord/slash-command.ts';
import { agents } from './agents.ts';
import { apiTokens } from './api-tokens.ts';
import { audit } from './audit.ts';
import { history } from './history.ts';
import { keys } from './keys.ts';
import { nodes } from './nodes.ts';
import { payouts } from './payouts.ts';
import { rotateKeys } from './rotate-keys.ts';
import { schedule } from './schedule.ts';
import { send } from './send.ts';

export const slashCommands: readonly SlashCommand[] = [nodes, send, rotateKeys, history, audit, schedule, payouts, keys, agents, apiTokens];
