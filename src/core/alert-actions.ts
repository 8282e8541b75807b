// The next step an alert offers as a button: a request the clicker makes (through the dispatcher, with
// the usual permission, confirmation and approval), or the record that session.setKeys was sent.
// Stored, because a button id holds 100 characters and must still work after a restart.

export interface AlertAction {
  id: number;
  /** `command`: dispatch {command, target, params} as the clicker; `handover_submitted`: /keys submitted. */
  kind: 'command' | 'handover_submitted';
  label: string;
  command?: string | undefined;
  target: string;
  params: Record<string, unknown>;
}

export interface AlertActionsPort {
  addAction(a: Omit<AlertAction, 'id'>, at: number): number;
  action(id: number): AlertAction | undefined;
}
