// What a Discord member without a role is told they need: the roles that give the viewer level or more,
// by name when the bot knows the guild's roles.
export function roleNeededText(roles: { viewer: readonly string[]; operator: readonly string[]; admin: readonly string[] }, nameOf: (id: string) => string | undefined): string {
  const ids = [...roles.viewer, ...roles.operator, ...roles.admin];
  if (ids.length === 0) return 'the Administrator permission in the Discord server (no roles are configured in ROLE_VIEWER_IDS, ROLE_OPERATOR_IDS or ROLE_ADMIN_IDS)';
  const names = [...new Set(ids)].map((id) => {
    const name = nameOf(id);
    return name ? `"${name}"` : `the role ${id}`;
  });
  return `one of the Discord roles ${names.join(', ')}`;
}
