import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { link, open, rename, unlink } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename } from "node:path";
import { CodedError, ERROR_CODES } from "../errors/coded.js";

/**
 * An exclusive lock between processes: a file created with O_EXCL next to the data it guards.
 * The file records who holds it, so a holder that died (kill -9, power loss) cannot leave it
 * stuck: waiters break a lock whose holder is gone. A lock whose holder is alive on this host is
 * never broken, however old: a live holder may be mid-write (an fsync can stall for seconds), and
 * breaking its lock would let two writers overlap and one update vanish. A frozen live holder
 * therefore makes waiters fail with LockTimeoutError rather than overlap. Only a lock whose holder
 * cannot be checked from here (another host, or no record yet) is judged by its age.
 */

export interface LockFileOptions {
  /**
   * A lock whose holder cannot be checked (taken on another host, or with no record yet) is taken
   * to be abandoned after this long; the critical section is milliseconds.
   */
  staleMs: number;
  /** Give up waiting after this long. */
  timeoutMs: number;
}

export interface LockHandle {
  readonly path: string;
  readonly token: string;
  /** True while the lock file on disk is still this holder's (nobody judged it stale and broke it). */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

/** What the lock file says about its holder. */
interface LockRecord {
  pid: number;
  host: string;
  token: string;
  /** Milliseconds since the epoch when the lock was taken. */
  at: number;
  /** The holder's start time (Linux: clock ticks after boot), so a reused pid is not taken for the holder. */
  start?: string;
  /** The kernel's boot id (Linux): a lock from another boot says nothing by its pid, so it is judged by age. */
  boot?: string;
}

/** A lock file as a waiter saw it: enough to tell later whether it is still the same file. */
export interface LockSnapshot {
  stats: Stats;
  content: string;
  record: LockRecord | undefined;
}

export class LockTimeoutError extends CodedError {
  readonly errorCode = ERROR_CODES.store;
  constructor(lockPath: string, waitedMs: number, holder: string) {
    super(`could not lock ${lockPath} within ${waitedMs} ms (held by ${holder})`);
    this.name = "LockTimeoutError";
  }
}

/**
 * Tokens this process holds now, so a lock left by an earlier process with our pid (a container's
 * pid 1 after a restart) is seen as dead. Kept on globalThis: should this module be loaded twice
 * in one process, both copies must know each other's locks.
 */
const heldTokens: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for("feishu-bot.store.heldLockTokens")] ??=
  new Set<string>()) as Set<string>;
const HOST = hostname();
const BOOT = readProc("/proc/sys/kernel/random/boot_id")?.trim();

export async function acquireLockFile(lockPath: string, options: LockFileOptions): Promise<LockHandle> {
  const started = Date.now();
  const token = randomBytes(12).toString("hex");
  const record: LockRecord = { pid: process.pid, host: HOST, token, at: 0, start: processStart(process.pid), boot: BOOT };
  let attempt = 0;
  let lastHolder = "unknown";
  for (;;) {
    record.at = Date.now();
    if (await tryCreate(lockPath, JSON.stringify(record))) {
      heldTokens.add(token);
      return handle(lockPath, token);
    }
    const snapshot = await inspect(lockPath);
    if (snapshot !== undefined) {
      lastHolder = describeHolder(snapshot);
      if (staleReason(snapshot, options.staleMs) !== undefined) {
        await breakLock(lockPath, snapshot);
        continue;
      }
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new LockTimeoutError(lockPath, waited, lastHolder);
    attempt += 1;
    await sleep(Math.min(options.timeoutMs - waited, backoffMs(attempt)));
  }
}

/** Why a lock is abandoned, or undefined while its holder may still be working. */
export function staleReason(snapshot: LockSnapshot, staleMs: number, now = Date.now()): string | undefined {
  const { record, stats } = snapshot;
  const otherBoot = record?.boot !== undefined && BOOT !== undefined && record.boot !== BOOT;
  if (record === undefined || record.host !== HOST || otherBoot) {
    // No way to ask whether the holder lives: a lock file seen between its creation and its
    // record being written (its mtime dates it), or one taken on another host, or under another
    // kernel boot (before a restart, or another machine with this hostname).
    const takenAt = record?.at ?? stats.mtimeMs;
    return now - takenAt > staleMs ? `held for ${Math.round(now - takenAt)} ms` : undefined;
  }
  // On this host the holder's liveness is known, so age never breaks its lock.
  if (record.pid === process.pid) {
    return heldTokens.has(record.token) ? undefined : "left by an earlier process with this pid";
  }
  if (!isAlive(record.pid)) return `holder pid ${record.pid} is gone`;
  const start = record.start === undefined ? undefined : processStart(record.pid);
  // Only a start time read now and different proves reuse; unreadable means unknown, so keep waiting.
  if (start !== undefined && start !== record.start) return `holder pid ${record.pid} now belongs to another process`;
  return undefined;
}

/**
 * Removes an abandoned lock without ever removing a live one for good. Rename is atomic, so
 * of several waiters that saw the same stale file exactly one moves it; the mover then checks
 * the file it moved is the one judged stale. If a new holder's lock was moved instead (the stale
 * one was broken and retaken in between), it is linked back at once: link, unlike rename,
 * never replaces a lock file another process created meanwhile. Only if a third process took
 * the lock in the instant the moved one was away can two holders overlap; FileStore re-checks
 * `isHeld()` after its fsync, just before its rename, which leaves that only to the rename itself
 * (this needs a crashed holder and three racing waiters at once).
 */
export async function breakLock(lockPath: string, judged: LockSnapshot): Promise<boolean> {
  const aside = `${lockPath}.broken-${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (isCode(error, "ENOENT")) return false;
    throw error;
  }
  const moved = await inspect(aside);
  const same = moved !== undefined && sameLock(moved, judged);
  if (!same) {
    await link(aside, lockPath).catch((error: unknown) => {
      if (!isCode(error, "EEXIST")) throw error;
    });
  }
  await unlink(aside).catch(ignoreMissing);
  return same;
}

/** Reads a lock file; undefined when there is none. One descriptor, so stats and content are of the same file. */
export async function inspect(lockPath: string): Promise<LockSnapshot | undefined> {
  let file;
  try {
    file = await open(lockPath, "r");
  } catch (error) {
    if (isCode(error, "ENOENT")) return undefined;
    throw error;
  }
  try {
    const stats = await file.stat();
    const content = await file.readFile("utf8");
    return { stats, content, record: parseRecord(content) };
  } finally {
    await file.close();
  }
}

/** Names of files a lock holder killed between two steps can leave beside the lock: see breakLock. */
export function isLockLeftover(lockPath: string, name: string): boolean {
  return name.startsWith(`${basename(lockPath)}.broken-`);
}

function handle(lockPath: string, token: string): LockHandle {
  let released = false;
  return {
    path: lockPath,
    token,
    async isHeld() {
      if (released) return false;
      const snapshot = await inspect(lockPath);
      return snapshot?.record?.token === token;
    },
    async release() {
      if (released) return;
      released = true;
      heldTokens.delete(token);
      const snapshot = await inspect(lockPath);
      // Only our own file is removed; if ours was broken, the one there now belongs to someone else.
      if (snapshot?.record?.token === token) await breakLock(lockPath, snapshot);
    },
  };
}

async function tryCreate(lockPath: string, content: string): Promise<boolean> {
  let file;
  try {
    file = await open(lockPath, "wx");
  } catch (error) {
    if (isCode(error, "EEXIST")) return false;
    throw error;
  }
  try {
    await file.writeFile(content);
  } catch (error) {
    // A lock file without its record would only be broken by age; remove it now instead.
    await file.close();
    await unlink(lockPath).catch(ignoreMissing);
    throw error;
  }
  await file.close();
  return true;
}

function sameLock(a: LockSnapshot, b: LockSnapshot): boolean {
  return a.content === b.content && a.stats.ino === b.stats.ino && a.stats.mtimeMs === b.stats.mtimeMs;
}

function parseRecord(content: string): LockRecord | undefined {
  try {
    const value: unknown = JSON.parse(content);
    if (typeof value !== "object" || value === null) return undefined;
    const { pid, host, token, at, start, boot } = value as Record<string, unknown>;
    if (typeof pid !== "number" || typeof host !== "string" || typeof token !== "string" || typeof at !== "number") {
      return undefined;
    }
    return {
      pid,
      host,
      token,
      at,
      start: typeof start === "string" ? start : undefined,
      boot: typeof boot === "string" ? boot : undefined,
    };
  } catch {
    return undefined;
  }
}

function describeHolder(snapshot: LockSnapshot): string {
  const { record } = snapshot;
  return record === undefined ? "an unreadable lock file" : `pid ${record.pid} on ${record.host} since ${new Date(record.at).toISOString()}`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return !isCode(error, "ESRCH");
  }
}

/**
 * When a process started, as an opaque string, or undefined where that cannot be read (not Linux,
 * /proc hidden). Field 22 of /proc/<pid>/stat; the name before it is in parentheses and may hold
 * spaces or parentheses itself, so fields are counted from the last ")".
 */
function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function readProc(path: string): string | undefined {
  if (process.platform !== "linux") return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Short, growing, jittered waits so waiters neither spin nor move in lockstep. */
function backoffMs(attempt: number): number {
  const base = Math.min(50, 2 * attempt);
  return base * (0.5 + Math.random());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

export function isCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

export function ignoreMissing(error: unknown): void {
  if (!isCode(error, "ENOENT")) throw error;
}
