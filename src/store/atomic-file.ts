import { randomBytes } from "node:crypto";
import { open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ignoreMissing } from "./lock-file.js";

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old file or the
 * new one, never a torn one: the new content goes to a temp file in the same directory (rename
 * is atomic only within a file system), is fsynced, renamed over, and the directory is fsynced so
 * the rename itself survives a power loss.
 */
export interface AtomicWriteOptions {
  /**
   * Runs once the temp file is durable, just before the rename (fsync can stall for seconds, so
   * a caller guarding the file with a lock re-checks it here). False aborts: the temp file is
   * removed and the target left as it was.
   */
  beforeRename?: () => Promise<boolean>;
}

/** Returns false when `beforeRename` aborted the write, true when `path` now holds `data`. */
export async function writeFileAtomic(path: string, data: string, options: AtomicWriteOptions = {}): Promise<boolean> {
  const temp = join(dirname(path), `${tempPrefix(path)}${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const file = await open(temp, "wx", 0o600);
  try {
    try {
      await file.writeFile(data, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    if (options.beforeRename !== undefined && !(await options.beforeRename())) {
      await unlink(temp).catch(ignoreMissing);
      return false;
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(ignoreMissing);
    throw error;
  }
  await syncDirectory(dirname(path));
  return true;
}

/** Temp files `writeFileAtomic(path, …)` creates are named so. */
export function isTempFileOf(path: string, name: string): boolean {
  return name.startsWith(tempPrefix(path)) && name.endsWith(".tmp");
}

/**
 * Deletes the files in `dir` that `isLeftover` picks and that nobody touched for `olderThanMs`:
 * what a process killed mid-write left behind (a write takes milliseconds). Returns how many.
 */
export async function removeLeftovers(
  dir: string,
  isLeftover: (name: string) => boolean,
  olderThanMs: number,
): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!isLeftover(name)) continue;
    const file = join(dir, name);
    try {
      if (Date.now() - (await stat(file)).mtimeMs <= olderThanMs) continue;
      await unlink(file);
      removed += 1;
    } catch (error) {
      ignoreMissing(error);
    }
  }
  return removed;
}

function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; there the rename is all we can do.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
