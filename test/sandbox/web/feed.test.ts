/**
 * The web console's feed over a fake emulator log: entries numbered in order, only the new part of
 * the log read each time, a reset log read again from its start, history kept within its bound
 * and replayed after the sequence number a page last applied.
 */
import { describe, expect, it } from "vitest";
import type { SentEntry } from "../../../src/sandbox/console/emulator.js";
import type { Entry } from "../../../src/sandbox/web/entries.js";
import { ConsoleFeed } from "../../../src/sandbox/web/feed.js";

function fakeLog() {
  const log: SentEntry[] = [];
  const asked: number[] = [];
  const state = { generation: 0 };
  return {
    log,
    asked,
    /** What the emulator's reset does to its log. */
    reset: () => {
      log.length = 0;
      state.generation++;
    },
    control: {
      sentSince: async (since: number) => {
        asked.push(since);
        return { entries: log.slice(since), total: log.length, generation: state.generation };
      },
    },
  };
}

const text = (n: number, chatId = "oc_1"): SentEntry => ({ kind: "create", messageId: `om_${n}`, chatId, msgType: "text", content: JSON.stringify({ text: `t${n}` }) });
const card = (n: number, kind = "reply"): SentEntry => ({
  kind,
  messageId: `om_${n}`,
  chatId: "oc_1",
  parentId: "om_q",
  msgType: "interactive",
  content: "",
  card: { schema: "2.0", header: { title: { tag: "plain_text", content: `card ${n}` }, template: "blue" }, body: { elements: [] } },
});

const feedOver = (control: ReturnType<typeof fakeLog>["control"], keep?: number) =>
  new ConsoleFeed({ control, sources: async () => ({ names: new Map(), file: async () => undefined }), pollMs: 60_000, ...(keep ? { keep } : {}) });

describe("the web console's feed", () => {
  it("numbers entries in order and reads only what is new", async () => {
    const { log, asked, control } = fakeLog();
    const feed = feedOver(control);
    log.push(text(1), text(2));
    const got: Entry[] = [];
    const stop = await feed.listen((entry) => got.push(entry));
    log.push(text(3));
    await feed.poll();
    stop();
    feed.close();
    expect(got.map((e) => [e.seq, e.messageId])).toEqual([
      [1, "om_1"],
      [2, "om_2"],
      [3, "om_3"],
    ]);
    expect(asked).toEqual([0, 2]);
  });

  it("draws a card, and marks a patch as an update of the card it changes", async () => {
    const { log, control } = fakeLog();
    const feed = feedOver(control);
    log.push(card(1), card(1, "patch"), card(2, "create"));
    const got: Entry[] = [];
    (await feed.listen((entry) => got.push(entry)))();
    feed.close();
    expect(got.map((e) => (e.type === "card" ? [e.update, e.origin, e.replyTo] : e.type))).toEqual([
      [false, "reply", "om_q"],
      [true, "reply", "om_q"],
      [false, "posted", "om_q"],
    ]);
    expect(got[0]!.type === "card" && got[0]!.html).toContain("card 1");
  });

  it("reads a reset log again from its start, even one that grew past where it was read to", async () => {
    const { log, control, reset } = fakeLog();
    const feed = feedOver(control);
    log.push(text(1), text(2), card(3));
    await feed.poll();
    expect(feed.controls("om_3")).toBeDefined();
    reset();
    log.push(text(9), text(10), text(11), text(12));
    await feed.poll();
    const got: Entry[] = [];
    (await feed.listen((entry) => got.push(entry)))();
    feed.close();
    expect(got.map((e) => e.messageId)).toEqual(["om_1", "om_2", "om_3", "om_9", "om_10", "om_11", "om_12"]);
    // The card from before the reset is gone from the chat, so nothing on it can be clicked.
    expect(feed.controls("om_3")).toBeUndefined();
  });

  it("keeps what can be clicked on each card, as its latest version has it", async () => {
    const { log, control } = fakeLog();
    const feed = feedOver(control);
    const button = (s: string) => ({ tag: "button", text: { tag: "plain_text", content: s }, behaviors: [{ type: "callback", value: { s } }] });
    log.push({ ...card(1), card: { schema: "2.0", body: { elements: [button("a"), { tag: "column_set", columns: [{ tag: "column", elements: [button("b")] }] }] } } });
    await feed.poll();
    expect([...feed.controls("om_1")!.values]).toEqual([JSON.stringify({ s: "a" }), JSON.stringify({ s: "b" })]);
    log.push({ ...card(1, "patch"), card: { schema: "2.0", body: { elements: [button("c")] } } });
    await feed.poll();
    feed.close();
    expect([...feed.controls("om_1")!.values]).toEqual([JSON.stringify({ s: "c" })]);
    expect(feed.controls("om_1")!.chatId).toBe("oc_1");
  });

  it("reads again what a failed read could not draw: nothing the bot sent is skipped", async () => {
    const { log, control } = fakeLog();
    let failing = true;
    const feed = new ConsoleFeed({
      control,
      sources: async () => {
        if (failing) throw new Error("the emulator is restarting");
        return { names: new Map(), file: async () => undefined };
      },
      pollMs: 60_000,
    });
    log.push(text(1), text(2));
    await expect(feed.poll()).rejects.toThrow(/restarting/);
    failing = false;
    const got: Entry[] = [];
    (await feed.listen((entry) => got.push(entry)))();
    feed.close();
    expect(got.map((e) => e.messageId)).toEqual(["om_1", "om_2"]);
  });

  it("shows when the bot sent a message, not when it was read", async () => {
    const { log, control } = fakeLog();
    const feed = new ConsoleFeed({ control, sources: async () => ({ names: new Map(), file: async () => undefined }), pollMs: 60_000, now: () => 9_999 });
    log.push({ ...text(1), at: 1_234 }, text(2));
    const got: Entry[] = [];
    (await feed.listen((entry) => got.push(entry)))();
    feed.close();
    expect(got.map((e) => e.at)).toEqual([1_234, 9_999]);
  });

  it("keeps at most `keepBytes` of entries", async () => {
    const { log, control } = fakeLog();
    const feed = new ConsoleFeed({ control, sources: async () => ({ names: new Map(), file: async () => undefined }), pollMs: 60_000, keepBytes: 600 });
    for (let n = 1; n <= 10; n++) log.push(text(n));
    const kept: Entry[] = [];
    (await feed.listen((entry) => kept.push(entry)))();
    feed.close();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(10);
    expect(kept.at(-1)!.messageId).toBe("om_10");
  });

  it("replays after the last sequence number a page applied, and keeps at most `keep` entries", async () => {
    const { log, control } = fakeLog();
    const feed = feedOver(control, 3);
    for (let n = 1; n <= 5; n++) log.push(text(n));
    const after: Entry[] = [];
    (await feed.listen((entry) => after.push(entry), 3))();
    expect(after.map((e) => e.seq)).toEqual([4, 5]);
    const all: Entry[] = [];
    (await feed.listen((entry) => all.push(entry)))();
    feed.close();
    expect(all.map((e) => e.seq)).toEqual([3, 4, 5]);
  });
});
