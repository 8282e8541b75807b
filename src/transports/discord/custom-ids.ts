// Button and modal ids carry the stored request id (`approval:approve:42`): the row in SQLite is the
// truth, so a button still works after a restart, and an id that names nothing is refused clearly.

export type ButtonAction =
  | { kind: 'confirm'; requestId: number }
  | { kind: 'cancel'; requestId: number }
  | { kind: 'approve'; requestId: number }
  | { kind: 'deny'; requestId: number }
  | { kind: 'reason'; requestId: number }
  /** A button under an alert: `requestId` is the stored alert action's id (alert_actions). */
  | { kind: 'alert'; requestId: number };

export const customId = {
  confirm: (id: number) => `confirm:yes:${id}`,
  cancel: (id: number) => `confirm:no:${id}`,
  approve: (id: number) => `approval:approve:${id}`,
  deny: (id: number) => `approval:deny:${id}`,
  reason: (id: number) => `approval:reason:${id}`,
  alert: (id: number) => `alert:run:${id}`,
};

const PATTERN = /^(confirm|approval|alert):(yes|no|approve|deny|reason|run):(\d{1,15})$/;

export function parseCustomId(id: string): ButtonAction | undefined {
  const m = PATTERN.exec(id);
  if (!m) return undefined;
  const requestId = Number(m[3]);
  const key = `${m[1]}:${m[2]}`;
  switch (key) {
    case 'confirm:yes':
      return { kind: 'confirm', requestId };
    case 'confirm:no':
      return { kind: 'cancel', requestId };
    case 'approval:approve':
      return { kind: 'approve', requestId };
    case 'approval:deny':
      return { kind: 'deny', requestId };
    case 'approval:reason':
      return { kind: 'reason', requestId };
    case 'alert:run':
      return { kind: 'alert', requestId };
    default:
      return undefined;
  }
}
