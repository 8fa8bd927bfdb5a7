/**
 * Graceful shutdown of the real program: `node --import tsx src/main.ts` in live mode, talking to
 * an emulator in this process (which outlives the bot, so what it sent can be read afterwards).
 * SIGTERM while commands are queued: no new requests, the queue finished, exit 0; past the
 * deadline the askers are told to send again; a second signal exits at once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { freePort } from "../helpers/ports.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { waitFor } from "../helpers/sandbox.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ADMIN = "ou_sandbox_user";
const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

let emulator: Emulator;
let dir: string;
let child: ChildProcess | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimits: false });
  dir = mkdtempSync(join(tmpdir(), "bot-shutdown-"));
});
afterEach(() => {
  // A test that failed half-way must not leave its bot running.
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  child = undefined;
  emulator.reset();
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface RunningChild {
  process: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  logs: () => string;
}

/** Starts the bot as its own process with `queue` settings, and points the emulator's webhook at it. */
async function startChild(queueYaml: string): Promise<RunningChild> {
  const port = await freePort();
  const configPath = join(dir, `app-${port}.yaml`);
  // Each bot its own database: a shared one would answer one test's queries from another's cache.
  const storeUrl = `sqlite:${join(dir, `bot-${port}.db`)}`;
  writeFileSync(configPath, `server:\n  host: 127.0.0.1\nstore:\n  url: ${storeUrl}\nqueue:\n${queueYaml}\n`);
  const encryptKey = randomBytes(16).toString("hex");
  const verificationToken = randomBytes(16).toString("hex");
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH ?? "",
      FEISHU_APP_ID: emulator.appId,
      FEISHU_APP_SECRET: emulator.appSecret,
      FEISHU_ENCRYPT_KEY: encryptKey,
      FEISHU_VERIFICATION_TOKEN: verificationToken,
      FEISHU_DOMAIN: emulator.url,
      PORT: String(port),
      BOT_CONFIG: configPath,
      BOT_ADMINS: ADMIN,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let output = "";
  proc.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  proc.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  await waitFor(() => (output.includes('"listening"') ? true : undefined), 15_000, `the bot to listen (output so far: ${output})`);
  emulator.setWebhook({
    eventUrl: `http://127.0.0.1:${port}/webhook/event`,
    cardUrl: `http://127.0.0.1:${port}/webhook/card`,
    encryptKey,
    verificationToken,
  });
  return { process: proc, exited, logs: () => output };
}

/** /pushstats for different past days: one push_overview call each, none answered from the cache. */
function pushstatsFor(daysBack: number): string {
  const day = new Date(Date.now() + 8 * 3_600_000 - daysBack * 86_400_000).toISOString().slice(0, 10);
  return `/pushstats day ${day}`;
}

async function queueCommands(count: number, chatId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const delivery = await emulator.pushMessage({ text: pushstatsFor(3 + i), chatType: "p2p", chatId, senderOpenId: ADMIN });
    expect(delivery.status).toBe(200);
    ids.push(delivery.messageId);
  }
  return ids;
}

const repliesTo = (id: string) => emulator.sent().filter((s) => s.parentId === id);

describe("shutdown", () => {
  it("on SIGTERM stops taking requests, finishes every queued command, and exits 0", async () => {
    const bot = await startChild("  concurrency: 2\n  shutdown_timeout_seconds: 20");
    emulator.injectFault({ endpoint: "push_overview", effect: { kind: "latency", ms: 1_000 }, times: "always" });
    // One chat's commands run one after another: about 4 s of queued work.
    const ids = await queueCommands(4, "oc_shutdown_a");
    // Which commands were still unanswered when the signal went: proof it waited for them is that
    // they are answered after all, whatever the stopwatch says on a loaded machine.
    const unansweredAtSignal = ids.filter((id) => repliesTo(id).length === 0);
    bot.process.kill("SIGTERM");
    await waitFor(() => (bot.logs().includes("no longer accepting requests") ? true : undefined), 5_000, "the bot to stop listening");
    const late = await emulator.pushMessage({ text: "/help", chatType: "p2p", chatId: "oc_shutdown_late" });
    // Refused at the door: Feishu keeps it and delivers it again later, to whoever is running then.
    expect(late.status).toBe(0);

    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    // It waited for the queue rather than exiting at once: work still queued at the signal was done.
    expect(unansweredAtSignal.length).toBeGreaterThanOrEqual(2);
    // One reply each, now holding the answer (a slow one's "working on it" card was patched with it).
    expect(ids.map((id) => emulator.messages().filter((m) => m.parentId === id).map((m) => title(m.card)))).toEqual(ids.map(() => ["机器人消息触达"]));
    expect(repliesTo(late.messageId)).toEqual([]);
    expect(bot.logs()).toContain("queued commands finished");
  }, 30_000);

  it("past shutdown_timeout_seconds tells every asker still waiting to send again, then exits 0", async () => {
    const bot = await startChild("  concurrency: 1\n  shutdown_timeout_seconds: 1");
    // 2 s a command, one at a time, 1 s to finish: at most the command running at the signal can
    // finish; every later one is told. Which one that is depends on the machine's speed, so the
    // split is read from what had been answered at the signal, not from fixed positions.
    emulator.injectFault({ endpoint: "push_overview", effect: { kind: "latency", ms: 2_000 }, times: "always" });
    const ids = await queueCommands(5, "oc_shutdown_b");
    const answeredAtSignal = ids.filter((id) => repliesTo(id).length > 0).length;
    bot.process.kill("SIGTERM");
    const exit = await bot.exited;
    expect(exit.code).toBe(0);
    const titles = ids.map((id) => repliesTo(id).map((s) => title(s.card)));
    // Nobody is left without an answer: those before the signal finished, the one running then may
    // have finished, the rest were told without ever reaching Feishu.
    expect(titles.every((t) => t.length >= 1)).toBe(true);
    expect(answeredAtSignal).toBeLessThanOrEqual(2);
    expect(titles.slice(0, answeredAtSignal)).toEqual(new Array(answeredAtSignal).fill(["机器人消息触达"]));
    const told = titles.slice(answeredAtSignal + 1);
    expect(told.length).toBeGreaterThanOrEqual(2);
    expect(told).toEqual(new Array(told.length).fill(["机器人正在重启"]));
    // Told commands were never run: it did not wait for the queue (2 s each). At most the one running
    // at the signal and, if that one finished in time, the next one reached Feishu.
    const overviewCalls = emulator.calls().filter((c) => c.endpoint === "push_overview").length;
    expect(overviewCalls).toBeLessThanOrEqual(answeredAtSignal + 2);
    expect(overviewCalls).toBeLessThan(ids.length);
    expect(bot.logs()).toContain("shutdown deadline passed");
  }, 30_000);

  it("exits at once on a second signal", async () => {
    const bot = await startChild("  concurrency: 1\n  shutdown_timeout_seconds: 60");
    emulator.injectFault({ endpoint: "push_overview", effect: { kind: "latency", ms: 20_000 }, times: "always" });
    await queueCommands(2, "oc_shutdown_c");
    bot.process.kill("SIGTERM");
    await waitFor(() => (bot.logs().includes("no longer accepting requests") ? true : undefined), 5_000, "the bot to start stopping");
    const second = Date.now();
    bot.process.kill("SIGTERM");
    const exit = await bot.exited;
    // "At once" against 20 s of queued work; loose enough for a loaded machine's process exit.
    expect(exit.at - second).toBeLessThan(5_000);
    expect(exit.code).toBe(143);
    expect(bot.logs()).toContain("second signal");
  }, 30_000);
});
