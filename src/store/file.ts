import { mkdir, readFile, rename } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isTempFileOf, removeLeftovers, writeFileAtomic } from "./atomic-file.js";
import { CorruptStoreFileError, parseStoreFile, serializeStoreFile, type FileEntries } from "./file-data.js";
import { acquireLockFile, isCode, isLockLeftover, type LockHandle } from "./lock-file.js";
import type { Store } from "./store.js";

/** The two levels the store reports at; a pino Logger fits. */
export interface FileStoreLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface FileStoreOptions {
  /** The data file, e.g. ./data/store.json; its directory is created. The lock file sits beside it. */
  path: string;
  /** Milliseconds since the epoch for TTLs; tests inject a fake clock. Locks always use the real one. */
  now?: () => number;
  /**
   * A lock from another host (whose holder cannot be checked) older than this is broken as
   * abandoned (default 5 s; one update takes milliseconds). A lock whose holder is alive on this
   * host is never broken: waiters fail with LockTimeoutError instead.
   */
  lockStaleMs?: number;
  /** How long an update waits for the lock before failing with LockTimeoutError (default 15 s, past the stale threshold). */
  lockTimeoutMs?: number;
  logger?: FileStoreLogger;
  /** For tests only: lets a test stall a write at a chosen step instead of relying on timing. */
  hooks?: FileStoreHooks;
}

export interface FileStoreHooks {
  /** Awaited after the new file's fsync, before the lock is re-checked and the file renamed into place. */
  afterSync?: () => Promise<void>;
}

interface Change<T> {
  result: T;
  /** Whether the file must be rewritten. */
  changed: boolean;
}

export const DEFAULT_LOCK_STALE_MS = 5_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 15_000;
/** A temp or set-aside file this old has no writer any more; far past any one write. */
const LEFTOVER_AGE_MS = 60_000;
/** Tries of one update whose lock was broken under it (only by age, from another host). */
const MAX_LOST_LOCK_RETRIES = 5;

/**
 * The store for one machine: a JSON file shared safely by every process that opens it.
 * - Durable: each change rewrites the file atomically (temp file, fsync, rename, fsync dir), so
 *   kill -9 or power loss leaves the old or the new file, never a torn one.
 * - Safe across processes: every read-modify-write runs under an exclusive lock file and re-reads
 *   the data inside it; reads need no lock because the file is only ever replaced whole. Nothing
 *   is cached, so another process's writes are seen at once (the file is small).
 * - Bounded: expired keys are dropped whenever the file is read, so every rewrite sweeps them.
 * - A corrupt file (only a disk fault or a hand edit can make one) is moved aside to
 *   `<path>.corrupt-<time>` and reported as an error, and the store goes on empty: its keys are
 *   dedupe marks and digest records whose loss costs at worst a repeated message, while refusing
 *   to start would stop the bot until someone deletes the file by hand. The moved file keeps the
 *   evidence. A file from a newer format version is refused instead, so a rollback loses nothing.
 */
export class FileStore implements Store {
  readonly path: string;
  readonly lockPath: string;
  readonly #now: () => number;
  readonly #lockOptions: { staleMs: number; timeoutMs: number };
  readonly #logger: FileStoreLogger;
  readonly #hooks: FileStoreHooks;
  readonly #pending = new Set<Promise<unknown>>();
  #ready: Promise<void> | undefined;
  #closed = false;

  constructor(options: FileStoreOptions) {
    this.path = resolve(options.path);
    this.lockPath = `${this.path}.lock`;
    this.#now = options.now ?? Date.now;
    this.#lockOptions = {
      staleMs: options.lockStaleMs ?? DEFAULT_LOCK_STALE_MS,
      timeoutMs: options.lockTimeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS,
    };
    this.#logger = options.logger ?? consoleLogger;
    this.#hooks = options.hooks ?? {};
  }

  /** Opens the store and reads the file once, so a bad path or a corrupt file shows at start. */
  static async open(options: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(options);
    await store.#run(async () => {
      if ((await store.#readUnlocked()) === undefined) await store.#update(() => ({ result: undefined, changed: false }));
    });
    return store;
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    assertTtl(ttlMs);
    return this.#run(async () => {
      // A snapshot read is atomic (the file is replaced whole), so a live key there answers
      // without taking the lock.
      if ((await this.#readUnlocked())?.has(key)) return false;
      return this.#update((entries, now) => {
        if (entries.has(key)) return { result: false, changed: false };
        entries.set(key, { value, expiresAt: now + ttlMs });
        return { result: true, changed: true };
      });
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.#run(async () => {
      const entries = (await this.#readUnlocked()) ?? (await this.#update((all) => ({ result: all, changed: false })));
      return entries.get(key)?.value;
    });
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs !== undefined) assertTtl(ttlMs);
    return this.#run(() =>
      this.#update((entries, now) => {
        entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : now + ttlMs });
        return { result: undefined, changed: true };
      }),
    );
  }

  async delete(key: string): Promise<void> {
    return this.#run(() => this.#update((entries) => ({ result: undefined, changed: entries.delete(key) })));
  }

  /** Waits for calls in flight, which release their locks; the file stays for the next open. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
  }

  async #run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error(`store ${this.path} is closed`);
    const promise = this.#prepare().then(work);
    this.#pending.add(promise);
    try {
      return await promise;
    } finally {
      this.#pending.delete(promise);
    }
  }

  /** Once per instance: the directory exists, and files left by writers killed mid-write are gone. */
  #prepare(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const isLeftover = (name: string) => isTempFileOf(this.path, name) || isLockLeftover(this.lockPath, name);
      await removeLeftovers(dirname(this.path), isLeftover, Math.max(LEFTOVER_AGE_MS, this.#lockOptions.staleMs));
    })().catch((error: unknown) => {
      // Let the next call try again (a directory made writable later, a passing I/O error).
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /** The live entries now, or undefined when the file is corrupt (the locked path deals with that). */
  async #readUnlocked(): Promise<FileEntries | undefined> {
    try {
      return await this.#read(this.#now());
    } catch (error) {
      if (error instanceof CorruptStoreFileError) return undefined;
      throw error;
    }
  }

  async #read(now: number): Promise<FileEntries> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if (isCode(error, "ENOENT")) return new Map();
      throw error;
    }
    return parseStoreFile(this.path, text, now);
  }

  /**
   * One read-modify-write under the lock. Calls in this process queue up first (one waiter per
   * process rather than many spinning on the lock file); the lock then orders the processes.
   */
  #update<T>(change: (entries: FileEntries, now: number) => Change<T>): Promise<T> {
    return inProcessQueue(this.path, async () => {
      for (let attempt = 1; ; attempt++) {
        const lock = await acquireLockFile(this.lockPath, this.#lockOptions);
        try {
          const now = this.#now();
          const entries = await this.#readRecovering(now);
          const { result, changed } = change(entries, now);
          if (!changed) return result;
          // Checked after the fsync (which can stall for seconds), right before the rename: should
          // the lock have been broken meanwhile (by age, from another host), renaming would
          // overwrite the next holder's change, so drop this write and redo the update from a fresh read.
          const written = await writeFileAtomic(this.path, serializeStoreFile(entries), {
            beforeRename: async () => {
              await this.#hooks.afterSync?.();
              return lock.isHeld();
            },
          });
          if (written) return result;
          this.#logger.warn({ path: this.lockPath, attempt }, "store: lock was broken while held; retrying the update");
          if (attempt >= MAX_LOST_LOCK_RETRIES) {
            throw new Error(`store ${this.path}: lost the lock ${attempt} times in a row; is the disk stalling?`);
          }
        } finally {
          await releaseQuietly(lock, this.#logger);
        }
      }
    });
  }

  /** Reads under the lock; a corrupt file is moved aside and reported, and the store goes on empty. */
  async #readRecovering(now: number): Promise<FileEntries> {
    try {
      return await this.#read(now);
    } catch (error) {
      if (!(error instanceof CorruptStoreFileError)) throw error;
      const movedTo = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, "-")}`;
      await rename(this.path, movedTo);
      this.#logger.error(
        { path: this.path, movedTo, reason: error.reason },
        `store: ${this.path} was corrupt (${error.reason}); moved it to ${movedTo} and started empty`,
      );
      return new Map();
    }
  }
}

const queues: Map<string, Promise<unknown>> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for("feishu-bot.store.fileQueues")
] ??= new Map<string, Promise<unknown>>()) as Map<string, Promise<unknown>>;

/** Runs `work` after every earlier call for the same file in this process has settled. */
function inProcessQueue<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const tail = next.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return next;
}

async function releaseQuietly(lock: LockHandle, logger: FileStoreLogger): Promise<void> {
  try {
    await lock.release();
  } catch (error) {
    // Release forgets the token first, so waiters in this process break the lock at once; those in
    // other processes on this host wait until this one exits (its pid is alive).
    logger.warn({ err: error, path: lock.path }, "store: could not release the lock file");
  }
}

const consoleLogger: FileStoreLogger = {
  warn: (_details, message) => console.warn(message),
  error: (_details, message) => console.error(message),
};

function assertTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive finite number, got ${ttlMs}`);
  }
}
