// English messages: web (the dashboard's server side). Keys are prefixed 'web.'; the Korean twin is ../ko/web.ts.
import type { Catalogue } from '../catalogue.ts';

export const webEn = {
  'web.off': 'The dashboard is off: HTTP_PORT=0. Set HTTP_PORT (default 8080) and restart mserver.',
  'web.link.usage': 'usage: web-login',
  'web.link.unavailable': 'The dashboard is not available in this console.',
  'web.link.printed': 'Open this link in your browser within 10 minutes; it works once and opens an admin session (12 h):',
  'web.discord.off': 'Logging in with Discord is not configured: set DISCORD_CLIENT_SECRET and HTTP_PUBLIC_URL, or use `web-login` at the console.',
  'web.discord.no_bot': 'Discord is not configured, so the roles of a Discord member cannot be checked: log in again with `web-login` at the console.',
  'web.discord.unknown': 'Your roles cannot be read from Discord now ({reason}); nothing is allowed until they can. Try again in a moment.',
  'web.session.none': 'You are not logged in to the dashboard (or your session ended): log in again.',
  'web.session.ended': 'Your dashboard session has ended (expired, logged out or unknown): log in again.',
  'web.csrf.refused': 'This request comes with your dashboard session but without its X-CSRF-Token header (or with a wrong one), so it may come from another site: refused, nothing was done. Reload the dashboard.',
  'web.role.missing': 'You are logged in as {name}, but you hold no mserver role in the Discord server: {needed} is needed to see the fleet. Ask an admin for it.',
  'web.role.one_of': 'one of the Discord roles {roles}',
  'web.role.id': 'the role {id}',
  'web.role.admin_permission': 'the Administrator permission in the Discord server (no roles are configured in ROLE_VIEWER_IDS, ROLE_OPERATOR_IDS or ROLE_ADMIN_IDS)',
  'web.level.refused': 'You may not use {what}: it needs the {needed} level, and your roles in Discord give you {held} now.',
  'web.not_built.title': 'mserver',
  'web.not_built.missing': 'The dashboard is not built: {file} is missing.',
  'web.not_built.how': 'Build it with {command} (or npm ci, which builds it), then restart mserver. The HTTP API is described at /api/docs.',
} as const satisfies Catalogue;
