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
    '  token                                  the token agents must present',
    '  schedule add <name> "<cron>" <client> <command> [params] [tz=Europe/Berlin] [channel=<id>]',
    '                                         run a command on a cron expression (5 fields, or 6 with seconds)',
    '  schedule update <same as add>          change it (checked by the policy again)',
    '  schedule list | show <name>            schedules; next runs in their zone, last runs with outcome',
    '  schedule pause|resume|remove|run <name>  run: once, now',
    '  quit                                   stop mserver',
    '',
    'Parameters are name=value pairs (quote values with spaces) or one JSON object.',
    'Change and critical commands ask you to type yes; add --yes to skip the question in scripts.',
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
