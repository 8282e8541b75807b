// A deliberate Discord error answer. Route handlers throw it; the REST server turns it into
// `{code, message, errors?}` with the status, which @discordjs/rest surfaces as DiscordAPIError.

export class ApiError extends Error {
  readonly status: number;
  readonly code: number;
  readonly errors: Record<string, unknown> | undefined;

  constructor(status: number, code: number, message: string, errors?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }

  toJSON(): Record<string, unknown> {
    return this.errors
      ? { code: this.code, message: this.message, errors: this.errors }
      : { code: this.code, message: this.message };
  }
}

export const Errors = {
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownCommand: () => new ApiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  invalidWebhookToken: () => new ApiError(401, 50027, 'Invalid Webhook Token'),
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notAuthorizedForApplication: () =>
    new ApiError(403, 20012, 'You are not authorized to perform this action on this application'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  cannotEditOthersMessage: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  invalidJson: () => new ApiError(400, 50109, 'The request body contains invalid JSON.'),
  tooLarge: () => new ApiError(413, 40005, 'Request entity too large'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => new ApiError(405, 0, '405: Method Not Allowed'),
  invalidFormBody: (errors: Record<string, unknown>) => new ApiError(400, 50035, 'Invalid Form Body', errors),
};
