import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// PGlite is one process's database: a second process opening the same directory would corrupt it.
const LOCK_FILE = 'sportello.pid';

/** The pid of a live process holding the data directory, or null. */
export function holderOf(dataDir: string): number | null {
  const file = join(dataDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // a stale file from a process that died
  }
}

/** Claims the data directory for this process; throws when another live process holds it. */
export function lockDataDir(dataDir: string): () => void {
  const holder = holderOf(dataDir);
  if (holder) throw new Error(`${dataDir} is in use by process ${holder}; stop it first.`);
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
