// The database's disk is nearly full: said early, because a full disk refuses every command and stops
// the alerts themselves.
import type { Notice } from './notice.ts';

export function diskLowNotice(freeMb: number, warnMb: number, path: string): Notice {
  return {
    title: `💾 Disk space low: ${freeMb.toLocaleString('en-US')} MB free`,
    level: 'critical',
    content: `mserver's disk has ${freeMb} MB free`,
    lines: [
      `The file system of the database \`${path.slice(0, 200).replace(/`/g, "'")}\` has **${freeMb.toLocaleString('en-US')} MB** free (warning below ${warnMb.toLocaleString('en-US')} MB, DISK_WARN_FREE_MB).`,
      'When it is full, mserver refuses every command (it runs nothing it cannot record) and these alerts stop.',
      'Free space on that disk, or keep less history (RETENTION_*_DAYS).',
    ],
    footer: 'Said once a day while it lasts.',
  };
}
