/** The error text a real mclient relays (docker daemon, node RPC, payout script) when `command` fails. */
export function plausibleError(command: string, container: string | undefined, params: Record<string, unknown>): string {
  const c = container ?? 'polkadot-validator-1';
  switch (command) {
    case 'start':
      return `Error response from daemon: driver failed programming external connectivity on endpoint ${c}: Bind for 0.0.0.0:30333 failed: port is already allocated`;
    case 'stop':
      return `Error response from daemon: cannot stop container: ${c}: tried to kill container, but did not receive an exit event`;
    case 'restart':
      return `Error response from daemon: Cannot restart container ${c}: container did not stop within ${Number(params.stop_timeout_s ?? 60)} seconds`;
    case 'logs':
      return `Error response from daemon: can not get logs from container which is dead or marked for removal`;
    case 'status':
      return 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';
    case 'exec':
      return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${String(params.command ?? 'sh').split(' ')[0]}": executable file not found in $PATH: unknown`;
    case 'backup_keys':
      return `tar: /data/chains/${c.startsWith('kusama') ? 'ksmcc3' : 'polkadot'}/keystore: Cannot open: Permission denied`;
    case 'payout':
      return '1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low';
    case 'rotate_keys':
      return `RPC call author_rotateKeys failed: -32601: Method not found (is ${c} running with --rpc-methods=unsafe?)`;
    default:
      return `RPC call to ${c} failed: Connection refused (os error 111) at ws://127.0.0.1:9944`;
  }
}
