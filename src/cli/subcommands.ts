// `mserver <subcommand>`: the one-shot tools beside the server. main.ts asks here first; undefined
// means "no subcommand, start the server".
import { runBackupCommand } from './backup-command.ts';
import { runDoctor } from '../doctor/doctor.ts';

export async function runSubcommand(argv: string[]): Promise<number | undefined> {
  const [name, ...rest] = argv;
  if (name === 'backup') return runBackupCommand(rest);
  if (name === 'doctor') return runDoctor(rest);
  return undefined;
}
