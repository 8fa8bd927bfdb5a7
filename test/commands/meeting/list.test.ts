import { describe, expect, it } from "vitest";
import { meetingCommand } from "../../../src/commands/meeting/index.js";
import { createDetailFetcher } from "../../../src/commands/meeting/fetch-details.js";
import { vcLookbackStart } from "../../../src/commands/args/dates.js";
import { LIST_PAGE_SIZE } from "../../../src/commands/meeting/list.js";
import { MAX_MEASURED, MAX_SUMMARY_CALLS, summarize } from "../../../src/commands/meeting/summary.js";
import type { MeetingListView } from "../../../src/commands/meeting/views.js";
import { readCursor, type ActionValue } from "../../../src/commands/paging.js";
import type { CommandContext } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import { FeishuError } from "../../../src/feishu/errors.js";
import type { MeetingDetail } from "../../../src/feishu/types.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { fakeGateway, type FakeGateway } from "./fake-gateway.js";
import { MIN, meeting } from "./fixtures.js";

const NOW = Date.UTC(2026, 10, 21, 6, 0, 0); // 2026-11-21 14:00 in Asia/Shanghai
const DAY = 24 * 60 * MIN;

/** `n` meetings under 123456789, one every 6 hours going back from an hour ago, oldest first. */
function series(n: number, minutes = (i: number) => 20 + (i % 7) * 5): MeetingDetail[] {
  return Array.from({ length: n }, (_, i) => {
    const start = NOW - 60 * MIN - (n - 1 - i) * 6 * 60 * MIN;
    return meeting({
      id: String(7_100_000_000_000_000_000n + BigInt(i)),
      topic: `Standup ${i}`,
      startTime: new Date(start),
      endTime: new Date(start + minutes(i) * MIN),
      participantCountPeak: i % 9,
    });
  });
}

function contextFor(fake: FakeGateway, over: Partial<CommandContext> = {}): CommandContext {
  return testContext({ deps: testDeps({ gateway: fake.gateway, now: () => NOW }), ...over });
}

async function run(fake: FakeGateway, args: string[], over: Partial<CommandContext> = {}) {
  return (await meetingCommand.run(args, contextFor(fake, over))) as MeetingListView;
}

/** What Feishu sends back when a button is clicked: its value, read as bot.ts reads it. */
async function click(fake: FakeGateway, value: ActionValue | undefined) {
  expect(value).toBeDefined();
  const cursor = readCursor(value!.cursor);
  return run(fake, value!.args, cursor ? { cursor } : {});
}

describe("/meeting <number>: the list", () => {
  it("counts and times the whole range once, and enriches the first page", async () => {
    const meetings = series(25);
    const fake = fakeGateway(meetings);
    const view = await run(fake, ["123456789"]);
    expect(view.kind).toBe("meeting-list");
    const expectedSeconds = meetings.reduce((sum, m) => sum + (m.endTime!.getTime() - m.startTime!.getTime()) / 1000, 0);
    expect(view.summary).toEqual({ count: 25, countCapped: false, totalSeconds: expectedSeconds, measured: 25 });
    // Newest first: the latest meeting is the first row.
    const newest = [...meetings].reverse();
    expect(view.rows.map((r) => r.topic)).toEqual(newest.slice(0, LIST_PAGE_SIZE).map((m) => m.topic));
    expect(view.rows[3]).toMatchObject({ status: "ended", peak: newest[3]!.participantCountPeak, start: newest[3]!.startTime!.getTime() });
    expect(view.rows[3]!.details).toEqual({ cmd: "meeting", args: [newest[3]!.id], ct: "group", cid: "oc_1" });
    // Every detail once: the summary's fetches serve the page too.
    expect(fake.getCalls.sort()).toEqual(meetings.map((m) => m.id).sort());
    expect(fake.maxInFlight()).toBeLessThanOrEqual(5);
    expect(view.pager).toMatchObject({ page: 1, pages: 3 });
    expect(view.pager.prev).toBeUndefined();
  });

  it("asks the API by default for everything Feishu keeps: from just inside now − 90 × 86,400 s up to now", async () => {
    for (const args of [["123 456 789"], ["123456789", "90d"], ["123456789", "90天"]]) {
      const fake = fakeGateway([]);
      const view = await run(fake, args);
      const first = fake.listCalls[0]!;
      expect(first.meetingNo).toBe("123456789");
      expect(first.end.getTime()).toBe(NOW);
      expect(first.start.getTime()).toBe(vcLookbackStart(NOW).getTime());
      expect(first.start.getTime()).toBeGreaterThanOrEqual(NOW - 90 * DAY);
      expect(first.start.getTime()).toBeLessThanOrEqual(NOW - 90 * DAY + 2 * MIN);
      // 2026-11-21 14:00 − 90 days = 2026-08-23 14:00, plus the margin, to the minute.
      expect([view.from, view.fromTime, view.to]).toEqual(["2026-08-23", "14:01", "2026-11-21"]);
      expect(view.rows).toEqual([]);
      expect(view.summary.count).toBe(0);
    }
  });

  it("shows all 57 meetings of a number that met daily for 58 days, where 30 days held only 28", async () => {
    const meetings = Array.from({ length: 58 }, (_, i) => i)
      .filter((i) => i !== 20)
      .map((i) => {
        const start = NOW - (58 - i) * DAY + 60 * MIN;
        return meeting({ id: String(7_300_000_000_000_000_000n + BigInt(i)), topic: `Sync ${i}`, startTime: new Date(start), endTime: new Date(start + 30 * MIN) });
      });
    const fake = fakeGateway(meetings);
    const thirty = await run(fake, ["123456789", "30d"]);
    expect(thirty.summary.count).toBeLessThan(30);
    const view = await run(fake, ["123456789"]);
    expect(view.summary).toMatchObject({ count: 57, countCapped: false });
    const seen = view.rows.map((r) => r.id);
    for (let page = view; page.pager.next; ) {
      page = await click(fake, page.pager.next);
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(meetings.map((m) => m.id).reverse());
  });

  it("reads 7天 as 7d, as /报告 does", async () => {
    const days = fakeGateway([]);
    const d = fakeGateway([]);
    const chinese = await run(days, ["123456789", "7天"]);
    const latin = await run(d, ["123456789", "7d"]);
    expect([chinese.from, chinese.to]).toEqual(["2026-11-15", "2026-11-21"]);
    expect([chinese.from, chinese.to]).toEqual([latin.from, latin.to]);
    expect(days.listCalls[0]).toEqual(d.listCalls[0]);
  });

  it("pages newest first over one walk of the range, carrying only the position and the header", async () => {
    const meetings = series(25);
    const newest = [...meetings].reverse();
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789", "7d"]);
    expect(first.rows.map((r) => r.id)).toEqual(newest.slice(0, 10).map((m) => m.id));
    fake.listCalls.length = 0;
    fake.getCalls.length = 0;

    const second = await click(fake, first.pager.next);
    // One walk at the largest page size (the gateway's cache answers it while fresh); no token in the button.
    expect(fake.listCalls.map((q) => [q.pageSize, q.pageToken])).toEqual([[50, undefined]]);
    expect(first.pager.next!.cursor).toEqual({ back: [], page: 2, offset: 10 });
    expect(fake.getCalls.sort()).toEqual(newest.slice(10, 20).map((m) => m.id).sort());
    expect(second.rows.map((r) => r.id)).toEqual(newest.slice(10, 20).map((m) => m.id));
    expect(second.summary).toEqual(first.summary);
    expect([second.from, second.to]).toEqual([first.from, first.to]);
    expect(second.pager).toMatchObject({ page: 2, pages: 3 });

    const third = await click(fake, second.pager.next);
    expect(third.rows.map((r) => r.topic)).toEqual(newest.slice(20).map((m) => m.topic));
    expect(third.pager.next).toBeUndefined();

    const back = await click(fake, third.pager.prev);
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    const backToFirst = await click(fake, back.pager.prev);
    expect(backToFirst.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(backToFirst.pager.prev).toBeUndefined();
  });

  it("keeps the button's end when the clock moves on, and moves a start that left Feishu's window up to its edge", async () => {
    const meetings = series(12);
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789"]);
    fake.listCalls.length = 0;
    const cursor = readCursor(first.pager.next!.cursor)!;
    const later = NOW + 3 * DAY;
    const second = (await meetingCommand.run(first.pager.next!.args, {
      ...contextFor(fake, { cursor }),
      deps: testDeps({ gateway: fake.gateway, now: () => later }),
    })) as MeetingListView;
    expect(fake.listCalls[0]!.end.getTime()).toBe(Math.floor(NOW / 1000) * 1000);
    expect(fake.listCalls[0]!.start.getTime()).toBe(vcLookbackStart(later).getTime());
    expect(second.rows.map((r) => r.id)).toEqual(meetings.slice(0, 2).map((m) => m.id).reverse());
  });

  it("counts pages from the newest end, so meetings leaving at the old end move no page", async () => {
    const meetings = series(25);
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789", "7d"]);
    const second = await click(fake, first.pager.next);
    // The same button, clicked once the oldest five have left the range it asks for.
    const fewer = fakeGateway(meetings.slice(5));
    const again = await click(fewer, first.pager.next);
    expect(again.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(again.pager).toMatchObject({ page: 2, pages: 2 });
    // A position past the end (a forged or stale value) shows the last page rather than nothing.
    const far = await run(fewer, first.pager.next!.args, { cursor: { back: [], page: 9, offset: 500 } });
    expect(far.rows.map((r) => r.id)).toEqual(meetings.slice(5, 15).map((m) => m.id).reverse());
  });

  it("shows a meeting whose details are gone, and leaves it out of the durations", async () => {
    const meetings = series(5);
    const fake = fakeGateway(meetings, { missing: new Set([meetings[2]!.id]) });
    const view = await run(fake, ["123456789"]);
    expect(view.rows[2]).toMatchObject({ id: meetings[2]!.id, topic: "Standup 2", status: "unavailable" });
    expect(view.rows[2]!.durationSeconds).toBeUndefined();
    expect(view.summary).toMatchObject({ count: 5, measured: 4 });
  });

  it("names the chat and its type in every button", async () => {
    const fake = fakeGateway(series(12));
    const view = await run(fake, ["123456789"], { chatType: "p2p", chatId: "oc_direct" });
    expect(view.rows.every((r) => r.details.ct === "p2p" && r.details.cid === "oc_direct")).toBe(true);
    expect(view.pager.next).toMatchObject({ ct: "p2p", cid: "oc_direct" });
  });

  it("refuses a range longer than the API's 90 days without calling it", async () => {
    const fake = fakeGateway(series(3));
    await expect(run(fake, ["123456789", "120d"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(fake, ["123456789", "2026-01-01..2026-11-20"])).rejects.toThrow(/90/);
    expect(fake.listCalls).toHaveLength(0);
  });

  it("lets a Feishu failure through to the error card", async () => {
    const failWith = new FeishuError({ code: 121005, msg: "no permission", endpoint: "meeting_get", httpStatus: 403 });
    const fake = fakeGateway(series(30), { failWith });
    await expect(run(fake, ["123456789"])).rejects.toBe(failWith);
    // The queue is dropped on the first failure instead of failing thirty times.
    expect(fake.getCalls.length).toBeLessThan(15);
  });
});

describe("the header summary", () => {
  const window = { meetingNo: "123456789", start: new Date(NOW - 90 * DAY), end: new Date(NOW) };

  it("counts every page of a long range and measures an even sample of at most MAX_MEASURED", async () => {
    const meetings = series(MAX_MEASURED + 57, () => 30);
    const fake = fakeGateway(meetings);
    const details = createDetailFetcher(fake.gateway, { perSecond: 100_000 });
    const summary = await summarize(fake.gateway, window, details, NOW);
    expect(summary).toEqual({ count: MAX_MEASURED + 57, countCapped: false, totalSeconds: MAX_MEASURED * 1800, measured: MAX_MEASURED });
    expect(fake.listCalls.map((q) => q.pageSize)).toEqual([50, 50, 50, 50]);
    expect(fake.getCalls).toHaveLength(MAX_MEASURED);
    expect(fake.getCalls).toContain(meetings[MAX_MEASURED + 50]!.id);
  });
});

describe("the header summary against a misbehaving page token", () => {
  const window = { meetingNo: "123456789", start: new Date(NOW - 30 * DAY), end: new Date(NOW) };
  const brief = (i: number) => ({ id: String(7_200_000_000_000_000_000n + BigInt(i)), topic: `m${i}`, url: undefined, meetingNo: "123456789", password: undefined });

  /** list_by_no answering `page(n)` to its n-th call; it fails loudly past 100 calls, so a loop shows as a failure, not a hang. */
  function listing(page: (n: number) => { items: ReturnType<typeof brief>[]; hasMore: boolean; pageToken: string | undefined }) {
    let calls = 0;
    const gateway = {
      listMeetingsByNo: async () => {
        calls += 1;
        if (calls > 100) throw new Error("summarize keeps calling list_by_no");
        return page(calls);
      },
      getMeeting: async () => {
        throw new FeishuError({ code: 121004, msg: "data not exist", endpoint: "meeting_get", httpStatus: 404 });
      },
    } as unknown as FakeGateway["gateway"];
    return { gateway, calls: () => calls };
  }

  it("stops when the API repeats a page token, and marks the count as cut short", async () => {
    const api = listing(() => ({ items: [brief(1)], hasMore: true, pageToken: "same" }));
    const summary = await summarize(api.gateway, window, createDetailFetcher(api.gateway, { perSecond: 100_000 }), NOW);
    expect(api.calls()).toBe(2);
    expect(summary).toMatchObject({ count: 1, countCapped: true });
  });

  it("stops after MAX_SUMMARY_CALLS even when every token is new but pages come back thin", async () => {
    const api = listing((n) => ({ items: [brief(n)], hasMore: true, pageToken: `t${n}` }));
    const summary = await summarize(api.gateway, window, createDetailFetcher(api.gateway, { perSecond: 100_000 }), NOW);
    expect(api.calls()).toBe(MAX_SUMMARY_CALLS);
    expect(summary).toMatchObject({ count: MAX_SUMMARY_CALLS, countCapped: true });
  });
});

describe("the detail fetcher", () => {
  it("spaces the starts of its calls by the per-second pace, and fetches each id once", async () => {
    const target = meeting();
    let calls = 0;
    const waits: number[] = [];
    const fetch = createDetailFetcher(
      { getMeeting: () => ((calls += 1), Promise.resolve(target)) } as unknown as FakeGateway["gateway"],
      { perSecond: 10, sleep: (ms) => (waits.push(ms), Promise.resolve()) },
    );
    await Promise.all(["1", "2", "3", "1"].map((id) => fetch(id)));
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThan(50);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
  });
});
