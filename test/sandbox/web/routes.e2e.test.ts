/**
 * The web console's HTTP side against a real sandbox: the page and its assets, the session's two
 * people, a typed message delivered through the emulator and its answer streamed back as drawn
 * HTML, a click and a pick sent as Feishu callbacks, refusals of bad requests, a stream resumed
 * from Last-Event-ID, and a stop that open streams do not hold up.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Entry } from "../../../src/sandbox/web/entries.js";
import type { ConsoleSession } from "../../../src/sandbox/web/session.js";
import type { RunningSandbox } from "../../../src/sandbox/start.js";
import { anchoredClock, startTestSandbox, waitFor } from "../../helpers/sandbox.js";

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startTestSandbox({ emulator: { now: anchoredClock() } });
});
afterAll(async () => {
  await sandbox.close();
});

/** An open event stream and the entries it has brought so far. */
interface Stream {
  entries: Entry[];
  /** How many entries had come when each "caught-up" event came (the history sent). */
  caughtUp: number[];
  ended: Promise<void>;
  abort(): void;
}

async function openStream(headers: Record<string, string> = {}): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(`${sandbox.consoleUrl}/api/events`, { headers, signal: controller.signal });
  expect(response.headers.get("content-type")).toBe("text/event-stream");
  const entries: Entry[] = [];
  const caughtUp: number[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split("\n");
          const data = lines.find((line) => line.startsWith("data: "));
          if (lines.includes("event: caught-up")) caughtUp.push(entries.length);
          else if (data) entries.push(JSON.parse(data.slice(6)) as Entry);
        }
      }
    } catch {
      // aborted
    }
  })();
  return { entries, caughtUp, ended, abort: () => controller.abort() };
}

const post = (path: string, body: unknown) =>
  fetch(`${sandbox.consoleUrl}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });

async function say(text: string, chat: "group" | "p2p" = "p2p", role: "admin" | "member" = "admin"): Promise<{ messageId: string; chatId: string; status: number }> {
  const response = await post("/api/message", { text, chat, role });
  expect(response.status).toBe(200);
  return (await response.json()) as { messageId: string; chatId: string; status: number };
}

describe("the web console's HTTP side", () => {
  it("serves the page with a policy that runs only its own scripts, and VChart's build", async () => {
    const page = await fetch(sandbox.consoleUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const vchart = await fetch(`${sandbox.consoleUrl}/assets/vchart.js`);
    expect(vchart.status).toBe(200);
    expect(await vchart.text()).toContain("VChart");
    expect((await fetch(`${sandbox.consoleUrl}/assets/nothing.js`)).status).toBe(404);
  });

  it("offers an admin and a member who is not one, each with a direct chat of their own", async () => {
    const session = (await (await fetch(`${sandbox.consoleUrl}/api/session`)).json()) as ConsoleSession;
    expect(sandbox.config.bot.admins).toContain(session.roles.admin.openId);
    expect(sandbox.config.bot.admins).not.toContain(session.roles.member.openId);
    expect(sandbox.emulator.tenant.users.map((user) => user.name)).toContain(session.roles.member.name);
    expect(session.chats.p2p.admin).not.toBe(session.chats.p2p.member);
  });

  it("delivers a typed message through the emulator and streams the question, then the card that answers it", async () => {
    const stream = await openStream();
    try {
      const { messageId, chatId, status } = await say("/whoami");
      expect(status).toBe(200);
      // The emulator delivered it as Feishu would, and the bot replied to that very message.
      const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 10_000, "the reply");
      const card = await waitFor(() => stream.entries.find((e) => e.type === "card" && e.replyTo === messageId), 10_000, "the card on the stream");
      const typed = stream.entries.find((e) => e.type === "typed" && e.messageId === messageId);
      expect(typed).toMatchObject({ text: "/whoami", chatId });
      expect(stream.entries.indexOf(typed!)).toBeLessThan(stream.entries.indexOf(card));
      expect(card).toMatchObject({ messageId: reply.messageId, chatId, update: false, origin: "reply" });
      expect(card.type === "card" && card.html).toContain("fc-card");
      // Read again after more was sent, the first card is still on the stream once: only new log entries are read.
      const second = await say("/whoami");
      await waitFor(() => stream.entries.find((e) => e.type === "card" && e.replyTo === second.messageId), 10_000, "the second card");
      expect(stream.entries.filter((e) => e.messageId === reply.messageId)).toHaveLength(1);
    } finally {
      stream.abort();
    }
  });

  it("sends a button's click as a card callback and streams the card it changed into", async () => {
    const stream = await openStream();
    try {
      const { messageId } = await say(`/rooms ${sandbox.config.sandbox!.busyDay}`);
      const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 15_000, "the rooms card");
      const next = findButton(reply.card, /下一页|Next/);
      const response = await post("/api/action", { messageId: reply.messageId, value: next, role: "admin" });
      expect(response.status).toBe(200);
      const update = await waitFor(() => stream.entries.find((e) => e.type === "card" && e.update && e.messageId === reply.messageId), 15_000, "the page-2 card");
      expect(update.type === "card" && update.html).toMatch(/第 2\//);
    } finally {
      stream.abort();
    }
  });

  it("refuses what a page could send wrong, without crashing", async () => {
    expect((await post("/api/message", "{not json")).status).toBe(400);
    expect((await post("/api/message", { text: "", chat: "p2p", role: "admin" })).status).toBe(400);
    expect((await post("/api/message", { text: "/help", chat: "channel", role: "admin" })).status).toBe(400);
    expect((await post("/api/message", { text: "/help", chat: "p2p", role: "owner" })).status).toBe(400);
    expect((await post("/api/action", { messageId: "om_x", value: "nope", role: "admin" })).status).toBe(400);

    const { messageId } = await say(`/rooms ${sandbox.config.sandbox!.busyDay}`);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 15_000, "the rooms card");
    const datePicker = findTag(reply.card, "date_picker");
    const badDay = await post("/api/action", { messageId: reply.messageId, value: callbackOf(datePicker), role: "admin", pick: { kind: "date", value: "tomorrow" } });
    expect(badDay.status).toBe(400);
    expect(((await badDay.json()) as { error: string }).error).toMatch(/YYYY-MM-DD/);
    // An option the select does not offer: refused by the emulator, as Feishu's client could never send it.
    const select = findTag(reply.card, "select_static");
    const notOffered = await post("/api/action", { messageId: reply.messageId, value: callbackOf(select), role: "admin", pick: { kind: "select", value: "room:Nowhere" } });
    expect(notOffered.status).toBe(400);
    expect((await fetch(`${sandbox.consoleUrl}/api/session`)).status).toBe(200);
  });

  it("clicks only what a card offers, in a chat the clicker is in, as Feishu's client does", async () => {
    const { messageId } = await say(`/rooms ${sandbox.config.sandbox!.busyDay}`);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 15_000, "the rooms card");
    const next = findButton(reply.card, /下一页|Next/);
    const action = (body: Record<string, unknown>) => post("/api/action", { messageId: reply.messageId, value: next, role: "admin", ...body });
    // A sealed value from another card (here: the same value with its seal changed) is on no component of this one.
    expect((await action({ value: { s: `${String(next.s)}x` } })).status).toBe(400);
    expect((await action({ messageId: "om_0000" })).status).toBe(404);
    // The admin's direct chat is not the member's.
    const refused = await action({ role: "member" });
    expect(refused.status).toBe(403);
    let deep: unknown = next;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect((await action({ value: { s: deep } })).status).toBe(400);
    const before = sandbox.emulator.sent().length;
    expect((await action({})).status).toBe(200);
    await waitFor(() => (sandbox.emulator.sent().length > before ? true : undefined), 15_000, "the page-2 card");
  });

  it("answers only a page opened at a loopback name: a rebound DNS name gets nothing", async () => {
    const port = new URL(sandbox.consoleUrl).port;
    const asHost = (host: string, path = "/api/session") =>
      new Promise<number>((resolve, reject) => {
        // fetch() will not send a Host header of the caller's choosing; a raw request does.
        const request = httpRequest({ host: "127.0.0.1", port, path: `/console${path}`, headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on("error", reject);
        request.end();
      });
    expect(await asHost(`evil.example:${port}`)).toBe(403);
    expect(await asHost(`evil.example:${port}`, "/api/events")).toBe(403);
    expect(await asHost(`localhost:${port}`)).toBe(200);
    expect(await asHost(`127.0.0.1:${port}`)).toBe(200);
  });

  it("serves a bounded number of event streams at once", async () => {
    const controllers = Array.from({ length: 20 }, () => new AbortController());
    try {
      const opened = await Promise.all(controllers.map((c) => fetch(`${sandbox.consoleUrl}/api/events`, { signal: c.signal })));
      expect(opened.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect((await fetch(`${sandbox.consoleUrl}/api/events`)).status).toBe(503);
    } finally {
      for (const c of controllers) c.abort();
    }
    await waitFor(async () => ((await fetch(`${sandbox.consoleUrl}/api/events`, { signal: AbortSignal.timeout(500) }).catch(() => undefined))?.status === 200 ? true : undefined), 5_000, "a stream again");
  });

  it("refuses a message another site's page posts from the same browser", async () => {
    const from = (origin: string) =>
      fetch(`${sandbox.consoleUrl}/api/message`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify({ text: "/help", chat: "p2p", role: "admin" }) });
    expect((await from("https://evil.example")).status).toBe(403);
    expect((await from("null")).status).toBe(403);
    expect((await from(new URL(sandbox.consoleUrl).origin)).status).toBe(200);
  });

  it("resumes a stream after the last entry a page applied", async () => {
    const { messageId } = await say("/whoami");
    await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 10_000, "the reply");
    const first = await openStream();
    const all = await waitFor(() => (first.caughtUp.length > 0 ? first.entries.slice() : undefined), 10_000, "the history");
    first.abort();
    const lastSeen = all[all.length - 2]!.seq;
    const resumed = await openStream({ "last-event-id": String(lastSeen) });
    try {
      const again = await waitFor(() => (resumed.caughtUp.length > 0 ? resumed.entries : undefined), 10_000, "the resumed stream");
      expect(again[0]!.seq).toBe(lastSeen + 1);
      // Its history is what came after, and it says when that is out.
      expect(resumed.caughtUp).toEqual([1]);
    } finally {
      resumed.abort();
    }
  });
});

describe("stopping the sandbox", () => {
  it("ends open streams, so a page left open does not hold the stop", async () => {
    const own = await startTestSandbox({ emulator: { now: anchoredClock() } });
    const response = await fetch(`${own.consoleUrl}/api/events`);
    const reader = response.body!.getReader();
    const started = Date.now();
    await own.shutdown();
    // The HTTP grace is 5 s: a held stream would take that long.
    expect(Date.now() - started).toBeLessThan(4_000);
    for (;;) if ((await reader.read()).done) break;
  });
});

function callbackOf(component: unknown): Record<string, unknown> {
  const behaviour = (component as { behaviors?: { type: string; value: Record<string, unknown> }[] }).behaviors?.find((b) => b.type === "callback");
  if (!behaviour) throw new Error("no callback on the component");
  return behaviour.value;
}

function findTag(card: unknown, tag: string): unknown {
  let found: unknown;
  const visit = (node: unknown): void => {
    if (found !== undefined || typeof node !== "object" || node === null) return;
    if ((node as { tag?: unknown }).tag === tag) found = node;
    else Object.values(node).forEach(visit);
  };
  visit(card);
  if (found === undefined) throw new Error(`no ${tag} on the card`);
  return found;
}

function findButton(card: unknown, label: RegExp): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (found || typeof node !== "object" || node === null) return;
    const record = node as { tag?: unknown; text?: { content?: unknown } };
    if (record.tag === "button" && typeof record.text?.content === "string" && label.test(record.text.content)) found = callbackOf(record);
    else Object.values(node).forEach(visit);
  };
  visit(card);
  if (!found) throw new Error(`no button ${label} on the card`);
  return found;
}
