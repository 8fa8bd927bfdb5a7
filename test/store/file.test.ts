import { spawnSync } from "node:child_process";
import { readdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  FileStore,
  LockTimeoutError,
  UnsupportedStoreFileError,
  type FileStoreOptions,
  type Store,
} from "../../src/store/index.js";
import { acquireLockFile, breakLock, inspect } from "../../src/store/lock-file.js";
import { describeStoreContract } from "./contract.js";
import { recordingLogger, tempDirs } from "./fixtures/temp.js";

const temp = tempDirs();
const opened: Store[] = [];
afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
  await temp.cleanup();
});

async function fileStore(options: Partial<FileStoreOptions> = {}): Promise<FileStore> {
  const path = options.path ?? join(await temp.make(), "data", "store.json");
  const store = new FileStore({ ...options, path });
  opened.push(store);
  return store;
}

describeStoreContract("FileStore", {
  create: (now) => fileStore(now ? { now } : {}),
  peer: async (store, now) => fileStore({ path: (store as FileStore).path, ...(now ? { now } : {}) }),
});

function clock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

async function readJson(path: string): Promise<{ version: number; entries: Record<string, unknown> }> {
  return JSON.parse(await readFile(path, "utf8"));
}

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ["-e", ""]);
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
  return pid!;
}

async function writeLock(lockPath: string, record: { pid: number; at: number; token?: string; host?: string; start?: string; boot?: string }) {
  await writeFile(lockPath, JSON.stringify({ host: hostname(), token: "someone-else", ...record }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the lock at `lockPath` is older than `ms` by its own record: a lower bound, never a race. */
async function waitPastAge(lockPath: string, ms: number): Promise<void> {
  const takenAt = (await inspect(lockPath))!.record!.at;
  while (Date.now() - takenAt <= ms) await sleep(20);
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

describe("FileStore persistence", () => {
  it("creates the directory and writes the documented format", async () => {
    const store = await fileStore();
    await store.set("permanent", "p");
    await store.set("short", "s", 60_000);
    expect(await stat(join(store.path, ".."))).toBeTruthy();
    const data = await readJson(store.path);
    expect(data.version).toBe(1);
    expect(data.entries.permanent).toEqual({ value: "p", expiresAt: null });
    expect(data.entries.short).toEqual({ value: "s", expiresAt: expect.any(Number) });
  });

  it("a new instance on the same path sees the keys written before", async () => {
    const first = await fileStore();
    await first.set("a", "1");
    await first.setIfAbsent("b", "2", 60_000);
    await first.close();
    const second = await FileStore.open({ path: first.path });
    opened.push(second);
    expect(await second.get("a")).toBe("1");
    expect(await second.get("b")).toBe("2");
    expect(await second.setIfAbsent("b", "3", 60_000)).toBe(false);
  });

  it("honours TTLs across restarts by the injected clock", async () => {
    const time = clock();
    const first = await fileStore({ now: time.now });
    await first.set("k", "v", 1_000);
    await first.close();
    time.advance(999);
    const second = await fileStore({ path: first.path, now: time.now });
    expect(await second.get("k")).toBe("v");
    await second.close();
    time.advance(1);
    const third = await fileStore({ path: first.path, now: time.now });
    expect(await third.get("k")).toBeUndefined();
    expect(await third.setIfAbsent("k", "again", 1_000)).toBe(true);
  });

  it("sees another instance's writes at once (no stale cache)", async () => {
    const a = await fileStore();
    const b = await fileStore({ path: a.path });
    expect(await a.get("k")).toBeUndefined();
    await b.set("k", "from b");
    expect(await a.get("k")).toBe("from b");
    expect(await a.setIfAbsent("k", "from a", 1_000)).toBe(false);
    await b.delete("k");
    expect(await a.get("k")).toBeUndefined();
  });

  it("sweeps expired keys on every write so the file stays bounded", async () => {
    const time = clock();
    const store = await fileStore({ now: time.now });
    for (let i = 0; i < 200; i++) await store.setIfAbsent(`old-${i}`, "x".repeat(100), 500);
    expect(Object.keys((await readJson(store.path)).entries)).toHaveLength(200);
    time.advance(500);
    await store.set("new", "x", 500);
    expect(Object.keys((await readJson(store.path)).entries)).toEqual(["new"]);
  });

  it("leaves no lock or temp file behind after its calls, and refuses calls after close", async () => {
    const store = await fileStore();
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, "v", 10_000)));
    await store.close();
    expect(await readdir(join(store.path, ".."))).toEqual(["store.json"]);
    await expect(store.get("k1")).rejects.toThrow(/closed/);
  });

  it("removes files that a writer killed mid-write left behind, and only old ones", async () => {
    const dir = await temp.make();
    const path = join(dir, "store.json");
    const hourAgo = new Date(Date.now() - 3_600_000);
    const old = [".store.json.4242.abcdef.tmp", "store.json.lock.broken-4242-abcdef"];
    const kept = [".store.json.4343.abcdef.tmp", "store.json.lock.broken-4343-abcdef", "other.json", ".other.json.1.a.tmp"];
    for (const name of [...old, ...kept]) await writeFile(join(dir, name), "{");
    for (const name of [...old, "other.json", ".other.json.1.a.tmp"]) await utimes(join(dir, name), hourAgo, hourAgo);
    opened.push(await FileStore.open({ path }));
    expect((await readdir(dir)).sort()).toEqual([...kept].sort());
  });
});

describe("FileStore with a damaged file", () => {
  const damaged: [string, string][] = [
    ["garbage", "{not json"],
    ["a truncated file", '{"version":1,"entries":{"a":{"value":"1","expiresAt":null},"b":{"val'],
    ["an empty file", ""],
    ["a malformed entry", '{"version":1,"entries":{"a":{"value":1}}}'],
    ["a wrong shape", "[1,2,3]"],
  ];

  for (const [what, content] of damaged) {
    it(`moves ${what} aside, reports it once, and goes on empty`, async () => {
      const dir = await temp.make();
      const path = join(dir, "store.json");
      await writeFile(path, content);
      const logger = recordingLogger();
      const store = await FileStore.open({ path, logger });
      opened.push(store);

      const errors = logger.records.filter((r) => r.level === "error");
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain(path);
      expect(errors[0]!.message).toMatch(/corrupt/);
      const movedTo = (errors[0]!.details as { movedTo: string }).movedTo;
      expect(movedTo).toMatch(/store\.json\.corrupt-/);
      expect(await readFile(movedTo, "utf8")).toBe(content);

      expect(await store.get("a")).toBeUndefined();
      expect(await store.setIfAbsent("a", "new", 60_000)).toBe(true);
      expect((await readJson(path)).entries).toEqual({ a: { value: "new", expiresAt: expect.any(Number) } });
      expect(logger.records.filter((r) => r.level === "error")).toHaveLength(1);
    });
  }

  it("recovers when the file goes bad under an open store", async () => {
    const logger = recordingLogger();
    const store = await fileStore({ logger });
    await store.set("k", "v");
    await writeFile(store.path, '{"version":1,"ent');
    expect(await store.get("k")).toBeUndefined();
    expect(logger.records.map((r) => r.level)).toEqual(["error"]);
    await store.set("k", "v2");
    expect(await store.get("k")).toBe("v2");
  });

  it("refuses a file from a newer format version and leaves it untouched", async () => {
    const dir = await temp.make();
    const path = join(dir, "store.json");
    const newer = '{"version":2,"entries":{},"somethingNew":true}';
    await writeFile(path, newer);
    await expect(FileStore.open({ path })).rejects.toThrow(UnsupportedStoreFileError);
    const store = await fileStore({ path });
    await expect(store.set("k", "v")).rejects.toThrow(/format version 2/);
    expect(await readFile(path, "utf8")).toBe(newer);
    expect(await readdir(dir)).toEqual(["store.json"]);
  });
});

describe("FileStore lock file", () => {
  it("waits for a live holder, then fails with a clear error naming the lock and its holder", async () => {
    const store = await fileStore({ lockTimeoutMs: 300, lockStaleMs: 60_000 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.ppid, at: Date.now() });
    const started = Date.now();
    const error = await store.set("k", "v").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain(store.lockPath);
    expect((error as Error).message).toContain(`pid ${process.ppid}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    // Reads never wait for the lock.
    expect(await store.get("k")).toBeUndefined();
  });

  it("breaks at once a lock whose holder pid is gone", async () => {
    const store = await fileStore({ lockStaleMs: 60_000, lockTimeoutMs: 10_000 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: deadPid(), at: Date.now() });
    const { ms } = await timed(() => store.set("k", "v"));
    // Far below both the stale threshold and the timeout (a loaded machine gets slack).
    expect(ms).toBeLessThan(5_000);
    expect(await store.get("k")).toBe("v");
  });

  it("breaks at once a lock left by an earlier process that had this pid (a container restart)", async () => {
    const store = await fileStore({ lockStaleMs: 60_000, lockTimeoutMs: 10_000 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.pid, at: Date.now() });
    const { ms } = await timed(() => store.set("k", "v"));
    expect(ms).toBeLessThan(5_000);
  });

  it("never breaks by age a lock whose holder is alive on this host: waiters time out instead", async () => {
    // Breaking a live holder's lock lets two writers overlap and one update vanish silently; a
    // frozen holder costing a clear LockTimeoutError is the right trade for an exactly-once store.
    const store = await fileStore({ lockStaleMs: 50, lockTimeoutMs: 300 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.ppid, at: Date.now() - 60_000 });
    await expect(store.set("k", "v")).rejects.toThrow(LockTimeoutError);
    expect((await inspect(store.lockPath))!.record!.token).toBe("someone-else");
  });

  it("breaks by age a lock taken on another host (its pid cannot be checked from here)", async () => {
    const store = await fileStore({ lockStaleMs: 2_000, lockTimeoutMs: 10_000 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.ppid, host: `not-${hostname()}`, at: Date.now() - 60_000 });
    const { ms } = await timed(() => store.set("k", "v"));
    expect(ms).toBeLessThan(5_000);
    expect(await store.get("k")).toBe("v");
  });

  it("waits for a young lock from another host", async () => {
    const store = await fileStore({ lockStaleMs: 60_000, lockTimeoutMs: 300 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.ppid, host: `not-${hostname()}`, at: Date.now() });
    await expect(store.set("k", "v")).rejects.toThrow(LockTimeoutError);
  });

  it.runIf(process.platform === "linux")("breaks at once a lock whose pid now belongs to another process (pid reuse)", async () => {
    const store = await fileStore({ lockStaleMs: 60_000, lockTimeoutMs: 3_000 });
    await store.get("warm-up");
    // process.ppid is alive, but it is not the process that took this lock: its start time differs.
    await writeLock(store.lockPath, { pid: process.ppid, at: Date.now(), start: "1" });
    const { ms } = await timed(() => store.set("k", "v"));
    expect(ms).toBeLessThan(5_000);
    expect(await store.get("k")).toBe("v");
  });

  it.runIf(process.platform === "linux")("judges by age a lock from another boot, whose live-looking pid proves nothing", async () => {
    const store = await fileStore({ lockStaleMs: 2_000, lockTimeoutMs: 3_000 });
    await store.get("warm-up");
    await writeLock(store.lockPath, { pid: process.ppid, at: Date.now() - 60_000, boot: "an-earlier-boot" });
    const { ms } = await timed(() => store.set("k", "v"));
    expect(ms).toBeLessThan(5_000);
    expect(await store.get("k")).toBe("v");
  });

  it("dates a lock file without a record (creator died before writing it) by its mtime", async () => {
    const store = await fileStore({ lockStaleMs: 5_000, lockTimeoutMs: 300 });
    await store.get("warm-up");
    await writeFile(store.lockPath, "");
    await expect(store.set("k", "v")).rejects.toThrow(LockTimeoutError);
    const old = new Date(Date.now() - 60_000);
    await utimes(store.lockPath, old, old);
    await store.set("k", "v");
    expect(await store.get("k")).toBe("v");
  });

  it("a waiter that breaks a lock retaken meanwhile puts the new holder's lock back", async () => {
    const dir = await temp.make();
    const lockPath = join(dir, "x.lock");
    await writeLock(lockPath, { pid: deadPid(), at: Date.now() - 60_000, token: "stale" });
    const judged = (await inspect(lockPath))!;
    // Between this waiter's look and its rename, another broke the stale lock and took it.
    expect(await breakLock(lockPath, judged)).toBe(true);
    const holder = await acquireLockFile(lockPath, { staleMs: 60_000, timeoutMs: 1_000 });
    expect(await breakLock(lockPath, judged)).toBe(false);
    expect(await holder.isHeld()).toBe(true);
    expect((await inspect(lockPath))!.record!.token).toBe(holder.token);
    await holder.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("a live holder keeps its lock past the stale threshold", async () => {
    const dir = await temp.make();
    const lockPath = join(dir, "x.lock");
    const slow = await acquireLockFile(lockPath, { staleMs: 50, timeoutMs: 1_000 });
    await waitPastAge(lockPath, 50);
    await expect(acquireLockFile(lockPath, { staleMs: 50, timeoutMs: 200 })).rejects.toThrow(LockTimeoutError);
    expect(await slow.isHeld()).toBe(true);
    await slow.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("a holder whose lock was broken anyway knows it, and does not remove its successor's", async () => {
    const dir = await temp.make();
    const lockPath = join(dir, "x.lock");
    const slow = await acquireLockFile(lockPath, { staleMs: 50, timeoutMs: 1_000 });
    // As a waiter on another host would, judging the lock by its age alone.
    expect(await breakLock(lockPath, (await inspect(lockPath))!)).toBe(true);
    const next = await acquireLockFile(lockPath, { staleMs: 50, timeoutMs: 1_000 });
    expect(await slow.isHeld()).toBe(false);
    expect(await next.isHeld()).toBe(true);
    await slow.release();
    expect(await next.isHeld()).toBe(true);
    await next.release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("FileStore writer whose fsync stalls", () => {
  /** Two instances on one file through a symlinked directory: separate in-process queues, so they meet only at the lock file, as two processes do. */
  async function twoPaths(): Promise<{ path: string; other: string }> {
    const dir = await temp.make();
    const link = join(await temp.make(), "link");
    await symlink(dir, link);
    return { path: join(dir, "store.json"), other: join(link, "store.json") };
  }

  /** An afterSync hook that holds the first write after its fsync until `resume()`. */
  function stallFirstWrite() {
    let reached!: () => void;
    let resume!: () => void;
    const stalled = new Promise<void>((r) => (reached = r));
    const gate = new Promise<void>((r) => (resume = r));
    let first = true;
    return {
      stalled,
      resume: () => resume(),
      afterSync: async () => {
        if (!first) return;
        first = false;
        reached();
        await gate;
      },
    };
  }

  it("a live writer stalled in fsync past the stale threshold keeps its lock: no update is lost", async () => {
    const { path, other } = await twoPaths();
    const staleMs = 50;
    const stall = stallFirstWrite();
    const a = await fileStore({ path, lockStaleMs: staleMs, lockTimeoutMs: 60_000, hooks: { afterSync: stall.afterSync } });
    const b = await fileStore({ path: other, lockStaleMs: staleMs, lockTimeoutMs: 60_000 });
    const written = a.set("digest:morning", "sent");
    await Promise.race([
      stall.stalled,
      written.then(() => {
        throw new Error("A's write finished without reaching the stall hook");
      }),
    ]);
    await waitPastAge(a.lockPath, 2 * staleMs);

    let claimedYet = false;
    const claimed = b.setIfAbsent("ingress:om_1", "seen", 60_000).finally(() => (claimedYet = true));
    // B retries many times meanwhile (its backoff tops out at 50 ms); it must keep waiting.
    await sleep(300);
    expect(claimedYet).toBe(false);

    stall.resume();
    await written;
    expect(await claimed).toBe(true);
    expect(Object.keys((await readJson(path)).entries).sort()).toEqual(["digest:morning", "ingress:om_1"]);
    expect(await b.get("ingress:om_1")).toBe("seen");
  });

  it("re-checks the lock after fsync; finding it lost, abandons that write and redoes the update", async () => {
    const { path, other } = await twoPaths();
    const logger = recordingLogger();
    const b = await fileStore({ path: other });
    let first = true;
    const a = await fileStore({
      path,
      logger,
      hooks: {
        afterSync: async () => {
          if (!first) return;
          first = false;
          // A's lock is broken during its fsync (as a waiter on another host may, by age) and B writes.
          await rm(`${path}.lock`);
          await b.set("other", "x");
        },
      },
    });
    await a.set("mine", "y");
    expect(await b.get("other")).toBe("x");
    expect(Object.keys((await readJson(path)).entries).sort()).toEqual(["mine", "other"]);
    expect(logger.records).toContainEqual(expect.objectContaining({ level: "warn", message: expect.stringContaining("retrying") }));
    // The abandoned temp file is gone, and so is every lock.
    expect(await readdir(join(path, ".."))).toEqual(["store.json"]);
  });
});
