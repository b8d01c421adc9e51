import fs from 'node:fs/promises';

/** Entries of a folder that do not make it "non-empty": a fresh clone's .git. */
const IGNORED_ENTRIES = new Set(['.git']);

export interface TargetState {
  exists: boolean;
  isDirectory: boolean;
  /** Entries that make the target non-empty. */
  entries: string[];
}

export async function inspectTarget(target: string): Promise<TargetState> {
  try {
    const stat = await fs.stat(target);
    if (!stat.isDirectory()) return { exists: true, isDirectory: false, entries: [] };
    const entries = (await fs.readdir(target)).filter((e) => !IGNORED_ENTRIES.has(e));
    return { exists: true, isDirectory: true, entries };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false, isDirectory: false, entries: [] };
    throw error;
  }
}

/** The folder, inside the target, that files a --force run replaces are moved into. */
export function backupDirName(now = new Date()): string {
  return `.secure-api-backup-${now.toISOString().replace(/[:.]/g, '-')}`;
}
