import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore } from "../../src/store/index.js";
import { startChild } from "./fixtures/child.js";
import { recordingLogger, tempDirs } from "./fixtures/temp.js";

const temp = tempDirs();
afterAll(() => temp.cleanup());

describe("FileStore under kill -9", () => {
  it("a writer killed at random moments always leaves a whole, parseable file holding every completed write", { timeout: 60_000 }, async () => {
    const path = join(await temp.make(), "store.json");
    const runs = 3;
    for (let run = 0; run < runs; run++) {
      const writer = startChild(["write-loop", path, String(run)]);
      await writer.line((l) => l === "writing");
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 150));
      writer.process.kill("SIGKILL");
      expect((await writer.exited).signal).toBe("SIGKILL");

      // Parse the raw bytes: a torn file would throw here.
      const entries = JSON.parse(await readFile(path, "utf8")).entries as Record<string, unknown>;
      // Each set finishes before the next starts, so the keys of a run are a gapless prefix.
      const written = Object.keys(entries).filter((k) => k.startsWith(`run-${run}-`)).length;
      expect(written).toBeGreaterThan(0);
      for (let i = 0; i < written; i++) expect(entries, `run ${run} key ${i}`).toHaveProperty(`run-${run}-${i}`);
      for (let earlier = 0; earlier < run; earlier++) expect(entries).toHaveProperty(`run-${earlier}-0`);
    }

    // The next process opens it cleanly, without reporting corruption and without waiting on the dead writer's lock.
    const logger = recordingLogger();
    const started = Date.now();
    const store = await FileStore.open({ path, logger, lockStaleMs: 60_000, lockTimeoutMs: 15_000 });
    await store.set("after", "ok");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(logger.records.filter((r) => r.level === "error")).toEqual([]);
    expect(await store.get("run-0-0")).toBe("x".repeat(2_000));
    await store.close();
  });
});
