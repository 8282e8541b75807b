import { ruleOf, type Catalog } from '../../core/catalog.ts';

export function helpText(catalog: Catalog): string {
  const out = [
    'Console commands:',
    '  help                                   this text',
    '  list                                   every known agent: online or not, host, last seen',
    '  send <client> <command> [params]       run a command on one agent (or a comma-separated list)',
    '  broadcast <command> [params]           run a command on every connected agent',
    '  history [client] [user=] [command=]    recent commands with outcome, who asked and how long it took',
    '  audit [client] [user=] [command=] [kind=]  every request, decision, refusal and dispatch',
    '  policy                                 who may run what: level, confirmation, approvals, exec allow-list',
    '  keys [client]                          stored session keys, newest first',
    '  keys duplicates                        public session keys held by two agents/containers',
    '  keys handovers                         key hand-overs in progress (set_keys pending / sent)',
    '  keys submitted <client> <container> [stash]  record that session.setKeys was sent',
    '  keys override <client> <container> start|restart <reason>  run past the duplicate-key guard',
    '  token                                  where the fleet enrolment token is (its file)',
    '  agent list                             agent identities: state, credential, last address, last seen',
    '  agent add|rotate <id>                  a token of its own for an agent (printed once)',
    '  agent revoke|forget <id>               refuse its token / remove a decommissioned host',
    '  agent accept|reject <id>               decide on an agent waiting after enrolment',
    '  waiting                                commands still waiting for an agent, with the time so far',
    '  cancel <request>                       give up on a waiting command (recorded as cancelled by you),',
    '                                         or withdraw a request before it runs',
    '  api-token add <name> <level> [--approver] [--owner <discord user id>] [--expires 90d]',
    '                                         an HTTP API token (shown once); api-token list | revoke <name>',
    '  schedule add <name> "<cron>" <client> <command> [params] [tz=Europe/Berlin] [channel=<id>]',
    '                                         run a command on a cron expression (5 fields, or 6 with seconds)',
    '  schedule update <same as add>          change it (checked by the policy again)',
    '  schedule list | show <name>            schedules; next runs in their zone, last runs with outcome',
    '  schedule pause|resume|remove|run <name>  run: once, now',
    '  backup <file>                          an online copy of the database, checked, written 0600',
    '  web-login                              a one-time link to the dashboard (admin, valid 10 minutes)',
    '  quit                                   stop mserver',
    '',
    'Parameters are name=value pairs (quote values with spaces) or one JSON object.',
    'Change and critical commands ask you to type yes; add --yes to skip the question in scripts.',
    'A command an agent is slow to answer goes on in the background: the prompt stays usable.',
    'Ctrl-C clears the line; Ctrl-C on an empty line, Ctrl-D or quit stops mserver gracefully.',
    '',
    'Agent commands (risk: read runs at once; change and critical ask for confirmation):',
  ];
  for (const c of catalog.commands) {
    out.push(`  ${c.name.padEnd(17)} ${c.risk.padEnd(8)} ${c.description}`);
    for (const p of c.params) {
      const dflt = p.default !== undefined ? `, default ${p.default}` : '';
      out.push(`      ${p.required ? '' : '['}${p.name}${p.required ? '' : ']'}: ${ruleOf(p)}${dflt}`);
    }
  }
  return out.join('\n');
}
