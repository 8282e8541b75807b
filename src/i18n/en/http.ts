// English messages: http. Keys are prefixed 'http.'; the Korean twin is ../ko/http.ts.
// The problem JSON's `title` and `detail` are read by people; its `type` and `code` stay English.
import type { Catalogue } from '../catalogue.ts';

export const httpEn = {
  'http.title.unknown_command': 'Unknown command',
  'http.title.bad_params': 'Bad parameters',
  'http.title.unknown_agent': 'Unknown agent',
  'http.title.no_agents': 'No agent connected',
  'http.title.bad_input': 'Bad input',
  'http.title.unauthorized': 'Not authenticated',
  'http.title.forbidden': 'Not allowed',
  'http.title.not_found': 'Not found',
  'http.title.conflict': 'Conflict',
  'http.title.expired': 'Expired',
  'http.title.too_large': 'Request body too large',
  'http.title.unsupported_media_type': 'Unsupported media type',
  'http.title.idempotency_mismatch': 'Idempotency-Key reused with another body',
  'http.title.rate_limited': 'Too many requests',
  'http.title.fault': 'Internal error',
  'http.title.unavailable': 'Unavailable',

  'http.noRoute': 'No such route: {method} {path}. The API is described at /api/openapi.json and /api/docs.',
  'http.invalid': '{issues}',
  'http.invalidIssue': '{where}: {issue}',
  'http.rateLimited': { one: 'More than {count} request per minute with this token: wait {wait} s (Retry-After).', other: 'More than {count} requests per minute with this token: wait {wait} s (Retry-After).' },
  'http.tokenInUrl':
    'API tokens are accepted only in the Authorization header ("Authorization: Bearer <token>"), never in a URL: revoke this token, since the URL may be logged.',
  'http.tokenNeeded': 'An API token is needed: send "Authorization: Bearer <token>".',
  'http.forbidden': "You may not use {what}: it needs the {level} level, and this token has {held} (the token's level, capped by its owner's roles now).",
  'http.badCursor': 'cursor: not a cursor this API gave.',
  'http.badRange': 'since is after until: the range holds nothing.',
  'http.noAgent': 'No agent called "{id}" has ever connected.',
  'http.notACommand': 'command={command} is not a command',
  'http.noRequest': 'There is no request #{id}.',
  'http.needsReason': '{command} needs another person\'s approval: give a "reason" of at least a few words (approvers decide on it).',

  'http.idempotency.badKey': 'Idempotency-Key is 1 to 255 printable ASCII characters (a UUID is a good choice).',
  'http.idempotency.otherBody': 'Idempotency-Key {key} was used with another body in the last 24 h: use a new key for a new request.',
  'http.idempotency.firstStillRunning': 'The first request with Idempotency-Key {key} is still being answered: retry in a moment.',
  'http.idempotency.inUse': 'Idempotency-Key {key} is being used by a request right now: retry in a moment.',

  'http.health.noAnswer': 'no answer on {target} within {ms} ms',
  'http.health.socketError': '{error} on {target}',
  'http.health.discordNotReady': 'the bot is not logged in and ready',
  'http.health.chainDegraded': '{problem}; key rotations are not verified on chain until it answers (retried)',
  'http.health.notReady': 'Not ready: {failing}.',
} as const satisfies Catalogue;
