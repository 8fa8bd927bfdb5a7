/**
 * A replayed request after a restart: someone who captured a signed, encrypted delivery (a message,
 * a card click) sends the same bytes again, within the signature's time window, to a bot that has
 * restarted since. The dedupe marks live in the store (SQLite, Redis), so the message is not run
 * again and the click gets an empty answer, not the card. Real processes, real engines.
 */
import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { callbackValues } from "../helpers/seal.js";
import { testRedis, uniquePrefix } from "../helpers/redis.js";
import { waitFor } from "../helpers/sandbox.js";
import { startScript, type Child } from "../schedule/fixtures/spawn.js";
import { tempDirs } from "../store/fixtures/temp.js";

const CHILD = fileURLToPath(new URL("./fixtures/bot-child.ts", import.meta.url));

interface Captured {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Forwards each request to the current target and keeps a copy of its exact bytes. */
interface Recorder {
  url: string;
  captured: Captured[];
  target: string;
  close(): Promise<void>;
}

async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = { url: "", captured: [], target: "", close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      recorder.captured.push({ path: req.url ?? "/", headers: req.headers, body });
      void send(recorder.target, { path: req.url ?? "/", headers: req.headers, body }).then(
        (answer) => {
          res.writeHead(answer.status, { "content-type": "application/json" });
          res.end(answer.body);
        },
        () => {
          res.writeHead(502);
          res.end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  recorder.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return recorder;
}

/** Sends captured bytes, headers and all, to `base`. */
function send(base: string, captured: Captured): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = { ...captured.headers, host: new URL(base).host, "content-length": String(captured.body.length) };
    const req = request(new URL(captured.path, base), { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(captured.body);
  });
}

const redis = await testRedis();
const dirs = tempDirs();
const encryptKey = randomBytes(16).toString("hex");
const verificationToken = randomBytes(16).toString("hex");
let emulator: Emulator;
let recorder: Recorder;

beforeAll(async () => {
  emulator = await startEmulator();
  recorder = await startRecorder();
  emulator.setWebhook({ eventUrl: `${recorder.url}/webhook/event`, cardUrl: `${recorder.url}/webhook/card`, encryptKey, verificationToken });
});
afterAll(async () => {
  await recorder.close();
  await emulator.close();
  await dirs.cleanup();
  await redis.close();
});

async function startBotProcess(storeUrl: string, prefix: string): Promise<Child> {
  const child = startScript(CHILD, [storeUrl, emulator.url, encryptKey, verificationToken, "30000", prefix]);
  recorder.target = (JSON.parse(await child.line((l) => l.startsWith("{"), 30_000)) as { url: string }).url;
  return child;
}

async function stopped(child: Child): Promise<void> {
  child.process.kill("SIGKILL");
  await child.exited;
}

async function replayAfterRestart(storeUrl: string, prefix: string) {
  emulator.reset();
  recorder.captured.length = 0;
  const first = await startBotProcess(storeUrl, prefix);
  let second: Child | undefined;
  try {
    const label = randomBytes(3).toString("hex");
    const delivery = await emulator.pushMessage({ text: "/rooms yesterday", chatType: "p2p", chatId: `oc_replay_${label}`, senderOpenId: `ou_replay_${label}` });
    expect(delivery.status).toBe(200);
    // What the chat shows: a slow first command's working card is patched with the answer in place.
    const reply = await waitFor(
      () => emulator.messages(`oc_replay_${label}`).find((m) => m.parentId === delivery.messageId && callbackValues(m.card).length > 0),
      20_000,
      "the reply",
    );
    const [value] = callbackValues(reply.card);
    expect(value, "a button on the /rooms card").toBeDefined();
    const click = await emulator.pushCardAction({ value: value as Record<string, unknown>, openMessageId: reply.messageId });
    expect(click.cardReplaced).toBe(true);
    const message = recorder.captured.find((c) => c.path === "/webhook/event")!;
    const callback = recorder.captured.find((c) => c.path === "/webhook/card")!;
    expect(message && callback).toBeTruthy();

    await stopped(first);
    second = await startBotProcess(storeUrl, prefix);
    const callsBefore = emulator.calls().length;
    const sentBefore = emulator.sent().length;
    const messageAgain = await send(recorder.target, message);
    const clickAgain = await send(recorder.target, callback);
    // Let any work a replay started show up.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    return {
      messageAgain,
      clickAgain,
      newSends: emulator.sent().length - sentBefore,
      newCalls: emulator.calls().slice(callsBefore).map((c) => c.endpoint).filter((e) => e !== "tenant_token" && e !== "bot_info"),
    };
  } finally {
    if (second) await stopped(second);
    else if (first.process.exitCode === null) await stopped(first);
  }
}

function expectNothingRunTwice(outcome: Awaited<ReturnType<typeof replayAfterRestart>>): void {
  // Both accepted (Feishu must not retry them), neither run: no card in the click's answer, nothing sent, no query.
  expect(outcome.messageAgain.status).toBe(200);
  expect(outcome.clickAgain.status).toBe(200);
  expect(JSON.parse(outcome.clickAgain.body)).toEqual({});
  expect(outcome.newSends).toBe(0);
  expect(outcome.newCalls).toEqual([]);
}

describe("a captured delivery replayed after the bot restarted", () => {
  it("runs nothing again, with SQLite", async () => {
    expectNothingRunTwice(await replayAfterRestart(`sqlite:${join(await dirs.make(), "bot.db")}`, ""));
  }, 90_000);

  it.skipIf(!redis.available)("runs nothing again, with Redis", async () => {
    if (!redis.available) return;
    expectNothingRunTwice(await replayAfterRestart(redis.url, uniquePrefix("replay")));
  }, 90_000);

  it("control: the same replays against a fresh store run the command and answer the click again", async () => {
    // Proves the replays reach the bot intact (signature, timestamp and all): only the store stops them.
    emulator.reset();
    recorder.captured.length = 0;
    const first = await startBotProcess(`sqlite:${join(await dirs.make(), "bot.db")}`, "");
    const delivery = await emulator.pushMessage({ text: "/rooms yesterday", chatType: "p2p", chatId: "oc_replay_control", senderOpenId: "ou_replay_control" });
    // What the chat shows: a slow first command's working card is patched with the answer in place.
    const reply = await waitFor(
      () => emulator.messages("oc_replay_control").find((m) => m.parentId === delivery.messageId && callbackValues(m.card).length > 0),
      20_000,
      "the reply",
    );
    const [value] = callbackValues(reply.card);
    await emulator.pushCardAction({ value: value as Record<string, unknown>, openMessageId: reply.messageId });
    await stopped(first);
    const fresh = await startBotProcess(`sqlite:${join(await dirs.make(), "bot.db")}`, "");
    try {
      const replies = () => emulator.calls().filter((c) => c.endpoint === "message_reply").length;
      const before = replies();
      const again = await send(recorder.target, recorder.captured.find((c) => c.path === "/webhook/event")!);
      expect(again.status).toBe(200);
      // The bot replies again (Feishu's uuid dedupe then keeps the chat from seeing it twice).
      await waitFor(() => (replies() > before ? true : undefined), 20_000, "a second reply call");
      const clickAgain = await send(recorder.target, recorder.captured.find((c) => c.path === "/webhook/card")!);
      expect(clickAgain.status).toBe(200);
      expect(JSON.parse(clickAgain.body)).toHaveProperty("card");
    } finally {
      await stopped(fresh);
    }
  }, 90_000);
});
