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
  return {
    log,
    asked,
    control: {
      sentSince: async (since: number) => {
        asked.push(since);
        return { entries: log.slice(since), total: log.length };
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

  it("reads a reset log again from its start", async () => {
    const { log, control } = fakeLog();
    const feed = feedOver(control);
    log.push(text(1), text(2));
    await feed.poll();
    log.length = 0;
    log.push(text(9));
    await feed.poll();
    await feed.poll();
    const got: Entry[] = [];
    (await feed.listen((entry) => got.push(entry)))();
    feed.close();
    expect(got.map((e) => e.messageId)).toEqual(["om_1", "om_2", "om_9"]);
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
