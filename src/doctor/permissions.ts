// Discord's permission arithmetic for one channel, in Discord's order: @everyone and the roles' base
// permissions (everything with Administrator), then the channel's overwrites for @everyone, the roles
// together, and the member.
export const PERMISSION = {
  Administrator: 1n << 3n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
} as const;

const ALL = (1n << 64n) - 1n;

export interface Overwrite {
  id: string;
  /** 0 role, 1 member. */
  type: number;
  allow: string;
  deny: string;
}

export interface RoleBits {
  id: string;
  permissions: string;
}

const big = (v: string | undefined): bigint => {
  try {
    return BigInt(v ?? '0');
  } catch {
    return 0n;
  }
};

export function channelPermissions(opts: { guildId: string; roles: RoleBits[]; memberRoles: string[]; memberId?: string; overwrites: Overwrite[] }): bigint {
  const { guildId, roles, memberRoles, overwrites } = opts;
  let bits = 0n;
  for (const r of roles) if (r.id === guildId || memberRoles.includes(r.id)) bits |= big(r.permissions);
  if ((bits & PERMISSION.Administrator) !== 0n) return ALL;
  const everyone = overwrites.find((o) => o.id === guildId);
  if (everyone) bits = (bits & ~big(everyone.deny)) | big(everyone.allow);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guildId && memberRoles.includes(o.id)) {
      allow |= big(o.allow);
      deny |= big(o.deny);
    }
  }
  bits = (bits & ~deny) | allow;
  const member = opts.memberId ? overwrites.find((o) => o.type === 1 && o.id === opts.memberId) : undefined;
  if (member) bits = (bits & ~big(member.deny)) | big(member.allow);
  return bits;
}

/** The names of the wanted permissions `bits` lacks (View Channel first: without it nothing else counts). */
export function missing(bits: bigint, wanted: (keyof typeof PERMISSION)[]): string[] {
  return wanted.filter((w) => (bits & PERMISSION[w]) === 0n).map((w) => w.replace(/([a-z])([A-Z])/g, '$1 $2'));
}
