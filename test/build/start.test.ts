/**
 * `npm run build` gives a dist/ that starts with plain node: dist/main.js, nothing under dist/src,
 * and the built bot answers a message pushed through the emulator, then stops gracefully on SIGTERM.
 * Run from another working directory, so what it reads at run time (the card templates) is found
 * from dist/ itself. One case per connection in CONNECTIONS.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { waitFor } from "../helpers/sandbox.js";
import { tempDirs } from "../store/fixtures/temp.js";
import { freePort } from "../helpers/ports.js";
import { parsePrometheusText, seriesOf, valueOf as sampleOf } from "../metrics/prom-text.js";
import { BUILT_MAIN, buildOnce, REPO, startBuiltBot, WEBHOOK, WEBSOCKET, type BuiltBot, type Connection } from "./built-bot.js";

const CONNECTIONS: readonly Connection[] = [WEBHOOK, WEBSOCKET];

const dirs = tempDirs();
let emulator: Emulator;
let running: BuiltBot | undefined;

beforeAll(async () => {
  await buildOnce();
  emulator = await startEmulator({ rateLimits: false });
}, 120_000);
afterEach(() => {
  if (running && running.process.exitCode === null && running.process.signalCode === null) running.process.kill("SIGKILL");
  running = undefined;
  emulator.reset();
});
afterAll(async () => {
  await emulator?.close();
  await dirs.cleanup();
});

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

describe("npm run build", () => {
  it("emits dist/main.js, not dist/src/main.js", () => {
    expect(existsSync(join(REPO, "dist", "main.js"))).toBe(true);
    expect(existsSync(join(REPO, "dist", "src"))).toBe(false);
  });
});

describe("node dist/main.js with no FEISHU_APP_ID", () => {
  it("runs the sandbox: its emulator, its banner, and answers through them", async () => {
    const child = spawn(process.execPath, [BUILT_MAIN], {
      cwd: await dirs.make(),
      env: { PATH: process.env.PATH ?? "", PORT: String(await freePort()), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const emulatorUrl = await waitFor(() => /^ {2}emulator +(http:\/\/\S+)/m.exec(output)?.[1], 15_000, `the sandbox's banner (output so far: ${output})`);
      const pushed = await fetch(`${emulatorUrl}/_emulator/events/message`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ text: "/whoami", chatType: "p2p" }) });
      const { messageId } = (await pushed.json()) as { messageId: string };
      // Polled by hand: the emulator is another process's, read over HTTP.
      const deadline = Date.now() + 10_000;
      let titles: string[] = [];
      while (titles.length === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const sent = (await (await fetch(`${emulatorUrl}/_emulator/sent`)).json()) as { parentId?: string; content: string }[];
        titles = sent.filter((s) => s.parentId === messageId).map((s) => title(JSON.parse(s.content)));
      }
      expect(titles).toEqual(["我是谁"]);
      // The web console, its page copied beside the compiled code by the build.
      const consoleUrl = /^ {2}console +(http:\/\/\S+)/m.exec(output)?.[1];
      expect(consoleUrl).toMatch(/\/console$/);
      const page = await fetch(consoleUrl!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("/console/assets/js/main.js");
      for (const asset of ["js/main.js", "console.css", "vchart.js"]) expect((await fetch(`${consoleUrl}/assets/${asset}`)).status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe.each(CONNECTIONS)("node dist/main.js over the $name connection", (connection) => {
  it("answers a message pushed through the emulator, then exits 0 on SIGTERM", async () => {
    running = await startBuiltBot(emulator, connection, await dirs.make());
    const { messageId } = await emulator.pushMessage({ text: "/help", chatType: "p2p", chatId: "oc_built_p2p" });
    const reply = await waitFor(() => emulator.sent().find((s) => s.parentId === messageId), 10_000, "the answer to /help");
    expect(title(reply.card)).toBe("帮助");
    // The self-check's banner and /readyz, from the built code too.
    await waitFor(() => (running!.output().includes("Feishu meeting bot: live mode") ? true : undefined), 10_000, "the banner");
    expect(running.output()).toMatch(/\/meeting +ready/);
    expect(running.output()).toContain(connection.register);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    // The web console is the sandbox's alone.
    expect((await fetch(`${running.url}/console`)).status).toBe(404);
    expect((await fetch(`${running.url}/console/api/session`)).status).toBe(404);

    running.process.kill("SIGTERM");
    const exit = await running.exited;
    expect(exit.code).toBe(0);
    expect(running.output()).toContain('"stopped"');
  });

  it("exits 1 when Feishu refuses the app's credentials, saying which to check", async () => {
    running = await startBuiltBot(emulator, connection, await dirs.make(), { FEISHU_APP_SECRET: "not-the-secret" });
    const exit = await running.exited;
    expect(exit.code).toBe(1);
    expect(running.output()).toMatch(connection.refusal);
    expect(running.output()).not.toContain("not-the-secret");
  });
});

describe("two built bot processes over the long connection, on one SQLite file", () => {
  const others: BuiltBot[] = [];
  afterEach(() => {
    for (const bot of others.splice(0)) if (bot.process.exitCode === null && bot.process.signalCode === null) bot.process.kill("SIGKILL");
  });

  it("answer each message once, pushed again or not, and Feishu gives pushes to both", async () => {
    const dir = await dirs.make();
    others.push(await startBuiltBot(emulator, WEBSOCKET, dir, {}, "shared.db"), await startBuiltBot(emulator, WEBSOCKET, dir, {}, "shared.db"));
    await emulator.longConnection.waitForConnections(2);
    const pushed = [];
    for (let i = 0; i < 12; i++) {
      const first = await emulator.pushMessage({ text: "/whoami", chatType: "p2p", chatId: `oc_two_${i % 3}` });
      // Feishu pushes an event again when it doubts the first ack; the other process may get it.
      if (i % 2 === 0) await emulator.pushMessage({ eventId: first.eventId });
      pushed.push(first.messageId);
    }
    for (const messageId of pushed) await waitFor(() => emulator.sent().find((s) => s.parentId === messageId), 10_000, `the answer to ${messageId}`);
    // Both processes done (their inboxes empty), by their own /metrics: a second run would have shown.
    const scrapes = async () => Promise.all(others.map(async (bot) => parsePrometheusText(await (await fetch(`${bot.url}/metrics`)).text())));
    const settled = await waitFor(
      async () => {
        const all = await scrapes();
        const waiting = all.flatMap((s) => seriesOf(s, "feishu_bot_inbox_depth")).reduce((sum, series) => sum + Number(series.value), 0);
        return waiting === 0 ? all : undefined;
      },
      10_000,
      "both inboxes empty",
    );
    const runs = settled.map((s) => sampleOf(s, "feishu_bot_commands_total", { command: "whoami", outcome: "ok" }) ?? 0);
    expect(runs[0]! + runs[1]!).toBe(12);
    // Reply calls, not replies: the reply's uuid would hide a second run from sent().
    for (const messageId of pushed) {
      expect(emulator.calls().filter((c) => c.endpoint === "message_reply" && c.path.includes(messageId))).toHaveLength(1);
    }
    const acks = emulator.longConnection.connections().map((c) => c.acks);
    expect(acks).toHaveLength(2);
    expect(acks.every((n) => n > 0)).toBe(true);
    expect(acks[0]! + acks[1]!).toBe(18);

    for (const bot of others) bot.process.kill("SIGTERM");
    expect((await Promise.all(others.map((bot) => bot.exited))).map((exit) => exit.code)).toEqual([0, 0]);
  });
});
