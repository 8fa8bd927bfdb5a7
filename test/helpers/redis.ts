/**
 * A Redis for the tests. REDIS_URL when set (a shared server: each test keeps to its own key
 * prefix); otherwise a redis-server of our own on a free port of 127.0.0.1, with no persistence and
 * its files in a temp directory, stopped by `close()` (and when this process exits). Without
 * REDIS_URL and without the redis-server binary the Redis tests are skipped, saying why:
 * `apt-get install redis-server` (.ci/run does).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { freePort } from "./ports.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export type TestRedis =
  | { available: true; url: string; source: "REDIS_URL" | "redis-server"; close(): Promise<void> }
  | { available: false; reason: string; close(): Promise<void> };

const BINARY = process.env.REDIS_SERVER ?? "redis-server";
const START_TIMEOUT_MS = 10_000;

/** A key prefix no other test (or test run on a shared REDIS_URL) uses. */
export function uniquePrefix(label = "test"): string {
  return `${label}:${randomUUID()}:`;
}

export async function testRedis(): Promise<TestRedis> {
  const url = process.env.REDIS_URL?.trim();
  if (url) return { available: true, url, source: "REDIS_URL", close: async () => undefined };
  if (spawnSync(BINARY, ["--version"], { stdio: "ignore" }).error) {
    const reason = `Redis tests skipped: REDIS_URL is not set and there is no ${BINARY} binary (apt-get install redis-server)`;
    console.warn(reason);
    return { available: false, reason, close: async () => undefined };
  }
  // The free port is found by binding and letting go, so another process may take it in between:
  // then redis-server fails to bind and the next try takes another port.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startServer(await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startServer(port: number): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "test-redis-"));
  const child: ChildProcess = spawn(
    BINARY,
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--daemonize", "no", "--loglevel", "notice"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  process.once("exit", stop);
  let output = "";
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${port} did not start in time: ${output}`)), START_TIMEOUT_MS);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        output += `${line}\n`;
        if (line.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${port} exited (${code ?? signal}): ${output}`));
      });
    });
  } catch (error) {
    stop();
    process.removeListener("exit", stop);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    available: true,
    url: `redis://127.0.0.1:${port}/0`,
    source: "redis-server",
    close: async () => {
      process.removeListener("exit", stop);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
