// English messages: console. Keys are prefixed 'console.'; the Korean twin is ../ko/console.ts.
// Verb names, option names and `name=value` words in usages stay as they are typed.
import type { Catalogue } from '../catalogue.ts';

export const consoleEn = {
  'console.banner': 'mserver console: type help for commands.',
  'console.error': 'error: {text}',
  'console.endOfInput': { one: 'End of input: waiting for {count} request still running before stopping.', other: 'End of input: waiting for {count} requests still running before stopping.' },
  'console.moreLines': '... {count} more lines (history shows the stored result)',
  'console.unknownVerb': 'Unknown console command {verb}. Type help.',
  'console.takesNothing': '{verb} takes nothing after it (got {got}). Type help.',
  'console.yes': 'yes',

  'console.usage.send': 'usage: send <client> <command> [name=value ... | JSON] [--yes]',
  'console.usage.broadcast': 'usage: broadcast <command> [name=value ... | JSON] [--yes]',
  'console.usage.keys': 'usage: keys [client] (got {got})',
  'console.usage.cancel': 'usage: cancel <request number> (as shown by "waiting", like: cancel 12)',

  'console.send.request': 'Request #{id}: {command} ({risk}) on {agents}: {list}',
  'console.send.params': '  parameters: {json}',
  'console.send.askYes': 'Type yes to run it (anything else cancels; {expiry}):',
  'console.send.sent': 'Request #{id}: {command} sent to {agents}.',
  'console.send.quiet': '  ({count} agents: only the ones that do not succeed are listed; history shows every outcome)',
  'console.send.inProgress': 'in progress',
  'console.send.label': '{command} on {target}',
  'console.request.cancelled': 'Request #{id} cancelled: nothing was sent.',
  'console.request.waitsApproval': 'Request #{id} waits for approval.',
  'console.request.abandoned': 'Request #{id}: gave up waiting; recorded as cancelled by {name}. The agent may still finish: a late answer is kept with the command (history shows it).',
  'console.done': 'Done: {tally}.',
  'console.noAgent': 'no agent',
  'console.scheduleRan': 'Schedule {name} ran: request #{id}, {command} on {agents}: {tally}.',

  'console.list.head': 'Agents: {known} known, {online} connected.',
  'console.list.online': 'online',
  'console.list.waiting': 'waiting',
  'console.list.offline': 'offline',
  'console.list.row': '  {state}  {id}  host {host}  last seen {ago}{containers}{unclaimed}',
  'console.list.unclaimed': '  unclaimed eras: {count}',

  'console.keys.noneFor': 'No session keys stored for {agent}.',
  'console.keys.none': 'No session keys stored yet.',
  'console.keys.unsolicited': '  (UNSOLICITED: no rotate_keys asked for it)',

  'console.waiting.none': 'No command is waiting for an agent.',
  'console.waiting.head': { one: 'Waiting: {count} request', other: 'Waiting: {count} requests' },

  'console.token.none': 'Agents connect without a token (MCLIENT_AUTH=none); new ids wait for `agent accept`.',
  'console.token.env': 'The fleet enrolment token is the one in MCLIENT_TOKEN (not shown).',
  'console.token.file': 'The fleet enrolment token is in the file {file} (mode 0600); the database keeps only its hash.',
  'console.token.enrolOnly': 'It only enrols: new ids wait for an admin. Give each host a token of its own with `agent add <id>` (or `agent rotate <id>` for a known one).',
  'console.apiTokens.unavailable': 'API tokens are not available in this console.',

  'console.follow.finished': 'Request #{id} ({label}) finished after {elapsed}:',
  'console.follow.background': 'Request #{id} ({label}): waiting for {who}, {elapsed} so far. The prompt is free: "cancel {id}" gives up on it, "waiting" lists what still runs.',
  'console.follow.reminder': 'Request #{id} ({label}): still waiting for {who}, {elapsed} so far.',
  'console.follow.line': '  #{id}  {label}  waiting for {who}, {elapsed} so far',
  'console.follow.agents': '{agents} ({list})',

  'console.backup.isLive': '{path} is the live database (or one of its files): write the backup to another file, such as {example}',
  'console.backup.isDirectory': '{path} is a directory: give a file name, such as {example}',
  'console.backup.cannotWrite': "cannot write a backup in {dir} ({why}): choose a folder that exists and that mserver's user may write",
  'console.backup.integrity': 'the copy failed integrity_check ({check}): the live database is untouched; run "mserver doctor" and try again',
  'console.backup.failed': 'backup to {path} failed ({why})',
  'console.backup.usage': 'usage: backup <file>   (for example: backup /var/backups/mserver-today.db)',
  'console.backup.written': 'Backup written: {path} ({kib} KiB, schema {schema}, integrity_check ok, {ms} ms, mode 0600).',

  'console.help.verbs': `Console commands:
  help                                   this text
  list                                   every known agent: online or not, host, last seen
  send <client> <command> [params]       run a command on one agent (or a comma-separated list)
  broadcast <command> [params]           run a command on every connected agent
  history [client] [user=] [command=]    recent commands with outcome, who asked and how long it took
  audit [client] [user=] [command=] [kind=]  every request, decision, refusal and dispatch
  policy                                 who may run what: level, confirmation, approvals, exec allow-list
  keys [client]                          stored session keys, newest first
  keys duplicates                        public session keys held by two agents/containers
  keys handovers                         key hand-overs in progress (set_keys pending / sent)
  keys submitted <client> <container> [stash]  record that session.setKeys was sent
  keys override <client> <container> start|restart <reason>  run past the duplicate-key guard
  token                                  where the fleet enrolment token is (its file)
  agent list                             agent identities: state, credential, last address, last seen
  agent add|rotate <id>                  a token of its own for an agent (printed once)
  agent revoke|forget <id>               refuse its token / remove a decommissioned host
  agent accept|reject <id>               decide on an agent waiting after enrolment
  waiting                                commands still waiting for an agent, with the time so far
  cancel <request>                       give up on a waiting command (recorded as cancelled by you),
                                         or withdraw a request before it runs
  api-token add <name> <level> [--approver] [--owner <discord user id>] [--expires 90d]
                                         an HTTP API token (shown once); api-token list | revoke <name>
  schedule add <name> "<cron>" <client> <command> [params] [tz=Europe/Berlin] [channel=<id>]
                                         run a command on a cron expression (5 fields, or 6 with seconds)
  schedule update <same as add>          change it (checked by the policy again)
  schedule list | show <name>            schedules; next runs in their zone, last runs with outcome
  schedule pause|resume|remove|run <name>  run: once, now
  backup <file>                          an online copy of the database, checked, written 0600
  web-login                              a one-time link to the dashboard (admin, valid 10 minutes)
  quit                                   stop mserver

Parameters are name=value pairs (quote values with spaces) or one JSON object.
Change and critical commands ask you to type yes; add --yes to skip the question in scripts.
A command an agent is slow to answer goes on in the background: the prompt stays usable.
Ctrl-C clears the line; Ctrl-C on an empty line, Ctrl-D or quit stops mserver gracefully.

Agent commands (risk: read runs at once; change and critical ask for confirmation):`,
  'console.help.default': ', default {value}',

  'console.trail.notFilter': '{name}= is not a filter here (filters: {filters})',
  'console.trail.oneAgent': 'one agent at most (got {got})',
  'console.trail.notCommand': 'command={command} is not a command',
  'console.trail.limit': 'limit= takes an integer from 1 to 1000',
  'console.trail.noHistory': 'No command matches. {reach}',
  'console.trail.running': 'running',
  'console.trail.system': 'system',
  'console.trail.by': '{name} via {via}',
  'console.trail.historyRow': '  {time}  #{request} {id}  {agent}  {command}  {state} ({took})  by {by}  {detail}',
  'console.trail.noAudit': 'No audit event matches.',
  'console.trail.auditRow': '  {time}  {kind} #{request}  {command}  by {who} via {via}{agent}{detail}',
  'console.trail.auditAgent': '  agent {agent}',
  'console.policy.head': 'Effective policy (level needed; confirmation; approvals):',
  'console.policy.approval': { one: 'approval by {count} approver', other: 'approval by {count} approvers' },
  'console.policy.confirm': 'confirmation',
  'console.policy.atOnce': 'runs at once',
  'console.policy.allowed': '; allowed: {list}',
  'console.policy.allowNothing': 'nothing (list patterns in POLICY_FILE)',

  'console.agent.usage': 'usage: agent list | agent add|revoke|rotate|forget|accept|reject <id>',
  'console.agent.none': 'No agent identities yet: `agent add <id>` creates one with a token of its own.',
  'console.agent.head': 'Agent identities: {count}.',
  'console.agent.headPending': 'Agent identities: {count}, {pending} pending (agent accept <id> / agent reject <id>).',
  'console.agent.neverSeen': 'never seen',
  'console.agent.lastSeen': 'last seen {ago}',
  'console.agent.grace': '  old token valid until {time}',
  'console.agent.row': '  {state} {online}  {id}  {credential}  address {address}  {seen}{grace}',
  'console.agent.added': 'Agent {id} created. Configure its mclient with this token (shown once; only its hash is kept):',
  'console.agent.tokenLine': 'token for {id}: {token}',
  'console.agent.rotated': 'New token for {id} (shown once). {old}',
  'console.agent.oldUntil': 'The old one works until {time} or until this one is used.',
  'console.agent.oldGone': 'The old one no longer works.',
  'console.agent.revoked': '{id} revoked: its token is refused from now on.',
  'console.agent.revokedClosed': '{id} revoked: its token is refused from now on, and its connection was closed (4401).',
  'console.agent.forgotten': '{id} forgotten: it left the lists, `all` and the offline alerts; its history stays.',
  'console.agent.acceptedNow': '{id} accepted: it is connected and receives commands now.',
  'console.agent.acceptedLater': '{id} accepted: it is accepted when it connects.',
  'console.agent.rejected': '{id} rejected: the fleet token can no longer enrol it.',

  'console.apiToken.usage': 'usage: api-token add <name> <viewer|operator|admin> [--approver] [--owner <discord user id>] [--expires 90d|never] | api-token list | api-token revoke <name>',
  'console.apiToken.needsValue': '{option} needs a value. {usage}',
  'console.apiToken.unknownOption': 'Unknown option {option}. {usage}',
  'console.apiToken.ownerDiscord': 'Discord user {id}',
  'console.apiToken.neverExpires': 'never expires',
  'console.apiToken.expires': 'expires {time}',
  'console.apiToken.approver': ', approver',
  'console.apiToken.added': 'API token {name}: {level}{approver}, owner {owner}, {until}.',
  'console.apiToken.tokenLine': '  token: {token}',
  'console.apiToken.shownOnce': '  Shown this once: store it now (mserver keeps only its hash). Send it as "Authorization: Bearer <token>".',
  'console.apiToken.capped': '  Each call is capped by what this Discord member may do at that moment (their roles now).',
  'console.apiToken.none': 'No API tokens yet: api-token add <name> <level> makes one.',
  'console.apiToken.revokedAt': 'revoked {time}',
  'console.apiToken.expired': 'expired',
  'console.apiToken.active': 'active',
  'console.apiToken.noExpiry': 'no expiry',
  'console.apiToken.until': 'until {time}',
  'console.apiToken.neverUsed': 'never used',
  'console.apiToken.lastUsed': 'last used {time}',
  'console.apiToken.approverMark': 'approver ',
  'console.apiToken.row': '  {name} {level} {approver}owner {owner} [{ownerId}]  {state}, {until}, {used}',
  'console.apiToken.revoked': 'API token {name} revoked: calls with it are refused from now on.',

  'console.keyGuard.off': 'The key guard is not running in this mserver.',
  'console.keyGuard.noDuplicates': 'No duplicate session keys: no public key is held by two agents or containers.',
  'console.keyGuard.duplicates': 'DUPLICATE SESSION KEYS ({count}): start and restart of these containers are refused.',
  'console.keyGuard.noHandovers': 'No key hand-over in progress.',
  'console.keyGuard.submittedUsage': 'usage: keys submitted <agent> <container> [stash]',
  'console.keyGuard.submitted': 'Recorded: session.setKeys sent for {agent} / {container}. The hand-over is done at {doneAt}; keep the old node running until then.',
  'console.keyGuard.twoSessions': 'two sessions from now',
  'console.keyGuard.overrideUsage': 'usage: keys override <agent> <container> start|restart <reason: why it is safe>',
  'console.keyGuard.usage': 'usage: keys [agent] | keys duplicates | keys handovers | keys submitted <agent> <container> [stash] | keys override <agent> <container> start|restart <reason>',

  'console.schedule.usage': 'usage: {add}\n       schedule update <same as add>      (a new definition: asks the policy again)\n       schedule list | show <name> | remove <name> | pause <name> | resume <name> | run <name>',
  'console.schedule.addUsage': 'usage: {add}',
  'console.schedule.addUsageQuote': 'usage: {add} (put the cron expression in quotes: "0 3 * * *")',
  'console.schedule.nameUsage': 'usage: schedule {verb} <name>',
  'console.schedule.oneName': 'usage: schedule {verb} <name> (one name; got {got})',
  'console.schedule.listTakesNothing': 'schedule list takes nothing after it (got {got})',
  'console.schedule.askCritical': 'Schedule {name} runs {command} ({risk}) unattended, acting for you. Type yes to set it up (anything else cancels):',
  'console.schedule.cancelled': 'Cancelled: nothing was changed.',
  'console.schedule.addedWaits': 'Schedule {name} added, but it waits for approval (request #{id}) before it is armed.',
  'console.schedule.changedWaits': 'Schedule {name} changed, but it waits for approval (request #{id}) before it is armed.',
  'console.schedule.resumedWaits': 'Schedule {name} resumed, but it waits for approval (request #{id}) before it is armed.',
  'console.schedule.added': 'Schedule {name} added: {command} on {target}, "{cron}" in {timezone}; {state}; outcomes go to {where}.',
  'console.schedule.changed': 'Schedule {name} changed: {command} on {target}, "{cron}" in {timezone}; {state}; outcomes go to {where}.',
  'console.schedule.resumed': 'Schedule {name} resumed: {command} on {target}, "{cron}" in {timezone}; {state}; outcomes go to {where}.',
  'console.schedule.nextRuns': '  next runs: {times}',
  'console.schedule.toConsole': 'this console and history (Discord is off)',
  'console.schedule.toConsoleLater': 'this console and history (Discord is off; channel {channel} is used once it is on)',
  'console.schedule.toChannel': 'channel {channel}',
  'console.schedule.toAlerts': 'the alerts channel',
  'console.schedule.waitsApproval': 'Schedule {name}: request #{id} waits for an approval; nothing was sent.',
  'console.schedule.waitsConfirmation': 'Schedule {name}: request #{id} waits for a confirmation; nothing was sent.',
  'console.schedule.sent': 'Schedule {name}: request #{id}, {command} sent to {agents}.',
  'console.schedule.sentAlso': 'Schedule {name}: request #{id}, {command} sent to {agents}; the outcome also goes to its channel.',
  'console.schedule.runLabel': '{command} on {agents}, schedule {name}',
  'console.schedule.none': 'No schedule yet. schedule add creates one.',
  'console.schedule.count': 'Schedules: {count}',
  'console.schedule.removed': 'Schedule {name} removed; its authorization is revoked.',
  'console.schedule.paused': 'Schedule {name} paused: it does not run until resumed.',
} as const satisfies Catalogue;
