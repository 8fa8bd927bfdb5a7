import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ButtonAction } from "../../../src/commands/actions.js";
import { MAX_SEALED_LENGTH } from "../../../src/cards/seal.js";
import { meetingCommand } from "../../../src/commands/meeting/index.js";
import { DETAIL_CONCURRENCY, createDetailFetcher } from "../../../src/commands/meeting/fetch-details.js";
import { vcLookbackStart } from "../../../src/commands/args/dates.js";
import { listState, meetingArgs, type ListState } from "../../../src/commands/meeting/args.js";
import { LIST_PAGE_SIZE } from "../../../src/commands/meeting/list.js";
import { MAX_PAGER_VALUE_BYTES, buildListView } from "../../../src/commands/meeting/list-view.js";
import { MAX_PAGE_CALLS, newestBefore, oldestAfter } from "../../../src/commands/meeting/pages.js";
import { MAX_SUMMARY_CALLS, MEASURED_BEFORE_FIRST_CARD, firstFigures, measure, walkMeetings } from "../../../src/commands/meeting/summary.js";
import type { MeetingDetailView, MeetingListView } from "../../../src/commands/meeting/views.js";
import { readCursor } from "../../../src/commands/paging.js";
import type { CommandContext } from "../../../src/commands/types.js";
import { UsageError } from "../../../src/commands/usage.js";
import { FeishuError } from "../../../src/feishu/errors.js";
import type { MeetingDetail } from "../../../src/feishu/types.js";
import { runArgs, runWords } from "../../helpers/command.js";
import { argsFromText, runCommand } from "../../../src/commands/define.js";
import { testContext, testDeps } from "../../helpers/context.js";
import { sealedValue } from "../../helpers/seal.js";
import { fakeGateway, type FakeGateway } from "./fake-gateway.js";
import { MIN, meeting } from "./fixtures.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const NOW = Date.UTC(2026, 10, 21, 6, 0, 0); // 2026-11-21 14:00 in Asia/Shanghai
const DAY = 24 * 60 * MIN;
/** The seven days up to and including today (`7d` ends yesterday: see the 7天 test). */
const WEEK = "2026-11-15..2026-11-21";

/** `n` meetings under 123456789, one every `every` minutes (6 hours) going back from an hour ago, oldest first. */
function series(n: number, minutes = (i: number) => 20 + (i % 7) * 5, every = 360): MeetingDetail[] {
  return Array.from({ length: n }, (_, i) => {
    const start = NOW - 60 * MIN - (n - 1 - i) * every * MIN;
    return meeting({
      id: String(7_100_000_000_000_000_000n + BigInt(i)),
      topic: `Standup ${i}`,
      startTime: new Date(start),
      endTime: new Date(start + minutes(i) * MIN),
      participantCountPeak: i % 9,
    });
  });
}

function contextFor(fake: FakeGateway, over: Partial<CommandContext> = {}, at = NOW): CommandContext {
  return testContext({ deps: testDeps({ gateway: fake.gateway, now: () => at }), ...over });
}

/** The list a /meeting answer must be here. */
function listOf(view: MeetingListView | MeetingDetailView): MeetingListView {
  if (view.kind !== "meeting-list") throw new Error(`expected the meeting list, got ${view.kind}`);
  return view;
}

/** The typed command. */
async function run(fake: FakeGateway, words: string[], over: Partial<CommandContext> = {}, at = NOW) {
  return listOf(await settle(runWords(meetingCommand, words, contextFor(fake, over, at))));
}

/** A button's arguments as a click sends them back, with `over` (a cursor) in the context. */
async function runButton(fake: FakeGateway, args: unknown, over: Partial<CommandContext> = {}, at = NOW) {
  return listOf(await settle(runArgs(meetingCommand, args, contextFor(fake, over, at))));
}

/**
 * The promise's value; under fake timers, the clock is moved on until it settles (the detail
 * fetcher paces its calls at 40 a second, which would make hundreds of pages take minutes).
 */
async function settle<T>(promise: Promise<T>): Promise<T> {
  if (!vi.isFakeTimers()) return promise;
  let settled = false;
  const watched = promise.finally(() => {
    settled = true;
  });
  while (!settled) await vi.advanceTimersByTimeAsync(50);
  return watched;
}

/** What Feishu sends back when a button is clicked at `at`: its arguments and cursor, read as the click path reads them. */
async function click(fake: FakeGateway, value: ButtonAction | undefined, at = NOW) {
  expect(value).toBeDefined();
  expect(value!.cmd).toBe("meeting");
  const cursor = readCursor(JSON.parse(JSON.stringify(value!.cursor ?? null)));
  return runButton(fake, value!.args, cursor ? { cursor } : {}, at);
}

/** The list state a button carries, read through the command's schema. */
function listStateOf(value: ButtonAction | undefined): ListState {
  const args = meetingArgs.parse(value?.args);
  if (args.kind !== "number" || !args.list) throw new Error(`no list state in ${JSON.stringify(value)}`);
  return args.list;
}

/** Every page through Next, then back through Previous: the ids of each page. */
async function walkBothWays(fake: FakeGateway, first: MeetingListView, onClick?: (view: MeetingListView) => void) {
  const forward = [first.rows.map((r) => r.id)];
  let view = first;
  while (view.pager.next) {
    view = await click(fake, view.pager.next);
    onClick?.(view);
    forward.push(view.rows.map((r) => r.id));
    expect(forward.length).toBeLessThan(1000);
  }
  const backward = [forward[forward.length - 1]!];
  while (view.pager.prev) {
    view = await click(fake, view.pager.prev);
    onClick?.(view);
    backward.unshift(view.rows.map((r) => r.id));
    expect(backward.length).toBeLessThan(1000);
  }
  return { forward, backward, last: view };
}

describe("/meeting <number>: the list", () => {
  it("counts and times the whole range once, and enriches the first page", async () => {
    const meetings = series(25);
    const fake = fakeGateway(meetings);
    const view = await run(fake, ["123456789"]);
    expect(view.kind).toBe("meeting-list");
    const expectedSeconds = meetings.reduce((sum, m) => sum + (m.endTime!.getTime() - m.startTime!.getTime()) / 1000, 0);
    expect(view.summary).toEqual({ count: 25, countCapped: false, totalSeconds: expectedSeconds, measured: 25, averageSeconds: expectedSeconds / 25 });
    // Newest first: the latest meeting is the first row.
    const newest = [...meetings].reverse();
    expect(view.rows.map((r) => r.topic)).toEqual(newest.slice(0, LIST_PAGE_SIZE).map((m) => m.topic));
    expect(view.rows[3]).toMatchObject({ status: "ended", peak: newest[3]!.participantCountPeak, start: newest[3]!.startTime!.getTime() });
    // A drill-down: the detail opens in the list's thread, the list stays (paging stays in place).
    expect(view.rows[3]!.details).toEqual({ cmd: "meeting", args: { kind: "detail", meetingId: newest[3]!.id }, opens: "thread" });
    expect(view.pager.next).not.toHaveProperty("opens");
    // Every detail once: the summary's fetches serve the page too.
    expect(fake.getCalls.sort()).toEqual(meetings.map((m) => m.id).sort());
    expect(fake.maxInFlight()).toBeLessThanOrEqual(DETAIL_CONCURRENCY);
    expect(view.pager).toMatchObject({ page: 1, pages: Math.ceil(25 / LIST_PAGE_SIZE) });
    expect(view.pager.prev).toBeUndefined();
  });

  it("shows a phone screen's worth a page: the five newest meetings, as a /rooms page shows five reservations (issue 12)", async () => {
    const meetings = series(25);
    const view = await run(fakeGateway(meetings), ["123456789"]);
    expect(view.rows.map((r) => r.id)).toEqual([...meetings].reverse().slice(0, 5).map((m) => m.id));
    expect(view.pager).toMatchObject({ page: 1, pages: 5 });
  });

  it("asks the API by default for everything Feishu keeps: from just inside now − 90 × 86,400 s up to now", async () => {
    for (const args of [["123 456 789"], ["123456789", "90d"], ["123456789", "90天"]]) {
      const fake = fakeGateway([]);
      const view = await run(fake, args);
      const first = fake.listCalls[0]!;
      expect(first.meetingNo).toBe("123456789");
      // `90d` is the 90 whole days ending yesterday, as in /report: it starts where Feishu's window does.
      const ranged = args.length > 1;
      expect(first.end.getTime()).toBe(ranged ? Date.parse("2026-11-20T23:59:59+08:00") : NOW);
      expect(first.start.getTime()).toBe(vcLookbackStart(NOW).getTime());
      expect(first.start.getTime()).toBeGreaterThanOrEqual(NOW - 90 * DAY);
      expect(first.start.getTime()).toBeLessThanOrEqual(NOW - 90 * DAY + 2 * MIN);
      // 2026-11-21 14:00 − 90 days = 2026-08-23 14:00, plus the margin, to the minute.
      expect([view.from, view.fromTime, view.to]).toEqual(["2026-08-23", "14:01", ranged ? "2026-11-20" : "2026-11-21"]);
      expect(view.rows).toEqual([]);
      expect(view.summary.count).toBe(0);
    }
  });

  it("shows all 57 meetings of a number that met daily for 58 days, where 30 days held only 30", async () => {
    const meetings = Array.from({ length: 58 }, (_, i) => i)
      .filter((i) => i !== 20)
      .map((i) => {
        const start = NOW - (58 - i) * DAY + 60 * MIN;
        return meeting({ id: String(7_300_000_000_000_000_000n + BigInt(i)), topic: `Sync ${i}`, startTime: new Date(start), endTime: new Date(start + 30 * MIN) });
      });
    const fake = fakeGateway(meetings);
    const thirty = await run(fake, ["123456789", "30d"]);
    expect(thirty.summary.count).toBe(30);
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
    expect([chinese.from, chinese.to]).toEqual(["2026-11-14", "2026-11-20"]);
    expect([chinese.from, chinese.to]).toEqual([latin.from, latin.to]);
    expect(days.listCalls[0]).toEqual(d.listCalls[0]);
  });

  it("pages newest first around time boundaries: one list call per click, none walking the range again", async () => {
    const meetings = series(2 * LIST_PAGE_SIZE + 5);
    const newest = [...meetings].reverse();
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789", WEEK]);
    expect(first.rows.map((r) => r.id)).toEqual(newest.slice(0, LIST_PAGE_SIZE).map((m) => m.id));
    // The button carries the start of the oldest meeting shown, not a position in a walk.
    expect(first.pager.next!.cursor).toEqual({ token: `o${newest[LIST_PAGE_SIZE - 1]!.startTime!.getTime() / 1000}`, back: [], page: 2 });
    fake.listCalls.length = 0;
    fake.getCalls.length = 0;

    const second = await click(fake, first.pager.next);
    expect(fake.listCalls).toHaveLength(1);
    expect(fake.listCalls[0]!.end.getTime()).toBe(newest[LIST_PAGE_SIZE - 1]!.startTime!.getTime() - 1000);
    expect(fake.getCalls.sort()).toEqual(newest.slice(LIST_PAGE_SIZE, 2 * LIST_PAGE_SIZE).map((m) => m.id).sort());
    expect(second.rows.map((r) => r.id)).toEqual(newest.slice(LIST_PAGE_SIZE, 2 * LIST_PAGE_SIZE).map((m) => m.id));
    expect(second.summary).toEqual(first.summary);
    expect([second.from, second.to]).toEqual([first.from, first.to]);
    expect(second.pager).toMatchObject({ page: 2, pages: 3 });

    const third = await click(fake, second.pager.next);
    expect(third.rows.map((r) => r.topic)).toEqual(newest.slice(2 * LIST_PAGE_SIZE).map((m) => m.topic));
    expect(third.pager).toMatchObject({ page: 3, pages: 3 });
    expect(third.pager.next).toBeUndefined();

    fake.listCalls.length = 0;
    const back = await click(fake, third.pager.prev);
    // Previous: one forward call from just after the newest meeting shown, a page (and one more) long.
    expect(fake.listCalls.map((q) => [q.start.getTime(), q.pageSize])).toEqual([[newest[2 * LIST_PAGE_SIZE]!.startTime!.getTime() + 1000, LIST_PAGE_SIZE + 1]]);
    expect(back.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(back.pager).toMatchObject({ page: 2, pages: 3 });
    const backToFirst = await click(fake, back.pager.prev);
    expect(backToFirst.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(backToFirst.pager).toMatchObject({ page: 1, pages: 3 });
    expect(backToFirst.pager.prev).toBeUndefined();
  });

  it("jumps to the oldest page and back to the newest on a list of three pages or more, numbered as the ends", async () => {
    const meetings = series(2 * LIST_PAGE_SIZE + 3);
    const newest = [...meetings].reverse();
    const ids = (list: readonly MeetingDetail[]) => list.map((m) => m.id);
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789", WEEK]);
    expect(first.pager).toMatchObject({ page: 1, pages: 3 });
    expect(first.pager.first).toBeUndefined();

    const oldest = await click(fake, first.pager.last);
    expect(oldest.rows.map((r) => r.id)).toEqual(ids(newest.slice(-LIST_PAGE_SIZE)));
    expect(oldest.pager).toMatchObject({ page: 3, pages: 3 });
    expect(oldest.pager.next).toBeUndefined();
    expect(oldest.pager.last).toBeUndefined();
    // Previous from there goes on without a gap or a repeat.
    const before = await click(fake, oldest.pager.prev);
    expect(before.rows.map((r) => r.id)).toEqual(ids(newest.slice(-2 * LIST_PAGE_SIZE, -LIST_PAGE_SIZE)));
    expect(before.pager.page).toBe(2);

    const back = await click(fake, oldest.pager.first);
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    expect(back.pager).toMatchObject({ page: 1, pages: 3 });
    expect(back.pager.first).toBeUndefined();
  });

  it("offers no jumps on a list of two pages: Previous and Next are them", async () => {
    const fake = fakeGateway(series(2 * LIST_PAGE_SIZE));
    const first = await run(fake, ["123456789", WEEK]);
    expect(first.pager).toMatchObject({ page: 1, pages: 2 });
    expect(first.pager.last).toBeUndefined();
    const second = await click(fake, first.pager.next);
    expect(second.pager).toMatchObject({ page: 2, pages: 2 });
    expect(second.pager.first).toBeUndefined();
  });

  it("keeps the button's end when the clock moves on, and moves a start that left Feishu's window up to its edge", async () => {
    const meetings = series(LIST_PAGE_SIZE + 2);
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789"]);
    fake.listCalls.length = 0;
    const later = NOW + 3 * DAY;
    const second = await click(fake, first.pager.next, later);
    expect(fake.listCalls).toHaveLength(1);
    expect(fake.listCalls[0]!.start.getTime()).toBe(vcLookbackStart(later).getTime());
    expect(fake.listCalls[0]!.end.getTime()).toBeLessThan(NOW);
    expect(second.rows.map((r) => r.id)).toEqual(meetings.slice(0, 2).map((m) => m.id).reverse());
    // No counted meeting has left: the header still describes the list, from its own first day.
    expect(second.countedFrom).toBeUndefined();
    expect([second.from, second.fromTime]).toEqual([first.from, first.fromTime]);
    expect(second.pager).toMatchObject({ page: 2, pages: 2 });
  });

  it("says the header is the card's own once meetings it counted have left Feishu's window", async () => {
    // One a day for 80 days; five days on, the oldest five are past Feishu's 90 days.
    const meetings = Array.from({ length: 80 }, (_, i) => {
      const start = NOW - (86 - i) * DAY;
      return meeting({ id: String(7_400_000_000_000_000_000n + BigInt(i)), topic: `Daily ${i}`, startTime: new Date(start), endTime: new Date(start + 30 * MIN) });
    });
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789"]);
    expect(first.summary.count).toBe(80);
    expect(first.countedFrom).toBeUndefined();
    const later = NOW + 9 * DAY;
    const views: MeetingListView[] = [await click(fake, first.pager.next, later)];
    while (views[views.length - 1]!.pager.next) views.push(await click(fake, views[views.length - 1]!.pager.next, later));
    const last = views[views.length - 1]!;
    expect(last.countedFrom).toBe(`${first.from} ${first.fromTime}`);
    expect(last.from).toBe(dayjs(vcLookbackStart(later)).tz("Asia/Shanghai").format("YYYY-MM-DD"));
    expect(last.summary.count).toBe(80);
    // 80 counted, fewer listed: the page total is no longer claimed.
    expect(last.pager.pages).toBeUndefined();
    const listed = [...first.rows, ...views.flatMap((v) => v.rows)].map((r) => r.id);
    expect(listed).toEqual(meetings.filter((m) => m.startTime!.getTime() >= vcLookbackStart(later).getTime()).map((m) => m.id).reverse());
  });

  it("shows the same page for the same button after meetings left at the old end", async () => {
    const meetings = series(2 * LIST_PAGE_SIZE + 5);
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789", WEEK]);
    const second = await click(fake, first.pager.next);
    const fewer = fakeGateway(meetings.slice(5));
    const again = await click(fewer, first.pager.next);
    expect(again.rows.map((r) => r.id)).toEqual(second.rows.map((r) => r.id));
    expect(again.pager.page).toBe(2);
    expect(again.pager.next).toBeUndefined();
  });

  it("shows every meeting once when details are gone at a page's edge, both ways", async () => {
    const meetings = series(3 * LIST_PAGE_SIZE + 5);
    const newest = [...meetings].reverse();
    const P = LIST_PAGE_SIZE;
    // The oldest two of page 1 and the two around the page 2 / 3 edge have no details.
    const missing = new Set([newest[P - 1]!.id, newest[2 * P - 1]!.id, newest[2 * P]!.id, newest[P - 2]!.id]);
    const fake = fakeGateway(meetings, { missing });
    const pages = await walkBothWays(fake, await run(fake, ["123456789"]));
    expect(pages.forward.flat()).toEqual(newest.map((m) => m.id));
    expect(pages.backward).toEqual(pages.forward);
  });

  it("shows a meeting whose details are gone, and leaves it out of the durations", async () => {
    const meetings = series(5);
    const fake = fakeGateway(meetings, { missing: new Set([meetings[2]!.id]) });
    const view = await run(fake, ["123456789"]);
    expect(view.rows[2]).toMatchObject({ id: meetings[2]!.id, topic: "Standup 2", status: "unavailable" });
    expect(view.rows[2]!.durationSeconds).toBeUndefined();
    expect(view.summary).toMatchObject({ count: 5, measured: 4 });
  });

  it("names no chat in its buttons, and carries the header as typed data, not the range", async () => {
    const fake = fakeGateway(series(12));
    const direct = await run(fake, ["123456789", WEEK], { chatType: "p2p", chatId: "oc_direct" });
    const group = await run(fake, ["123456789", WEEK], { chatType: "group", chatId: "oc_group" });
    // The seal names the chat a card went to: the view's values are the same in any chat.
    expect(direct.pager).toEqual(group.pager);
    expect(direct.rows.map((r) => r.details)).toEqual(group.rows.map((r) => r.details));
    for (const value of [direct.pager.next!, ...direct.rows.map((r) => r.details)]) {
      expect(Object.keys(value).sort()).toEqual(value.cursor ? ["args", "cmd", "cursor"] : ["args", "cmd", "opens"]);
    }
    expect(direct.pager.next!.args).toEqual({ kind: "number", meetingNo: "123456789", list: listStateOf(direct.pager.next) });
    expect(listStateOf(direct.pager.next)).toMatchObject({ count: 12, countCapped: false, measured: 12 });
  });

  it("answers a button carrying the range without a list state as the typed command does", async () => {
    const fake = fakeGateway(series(12));
    const typed = await run(fake, ["123456789", "7d"]);
    const clicked = await runButton(fake, { kind: "number", meetingNo: "123456789", range: { days: 7 } });
    expect(clicked).toEqual(typed);
  });

  it("refuses a range longer than the API's 90 days without calling it", async () => {
    const fake = fakeGateway(series(3));
    await expect(run(fake, ["123456789", "120d"])).rejects.toBeInstanceOf(UsageError);
    await expect(run(fake, ["123456789", "2026-01-01..2026-11-20"])).rejects.toThrow(/90/);
    expect(fake.listCalls).toHaveLength(0);
  });

  it("lets a Feishu failure through to the error card", async () => {
    const failWith = new FeishuError({ code: 121005, msg: "no permission", endpoint: "meeting_get", httpStatus: 403 });
    const fake = fakeGateway(series(100), { failWith });
    await expect(run(fake, ["123456789"])).rejects.toBe(failWith);
    // The queue is dropped on the first failure: only the calls already in flight were made, not a hundred.
    expect(fake.getCalls.length).toBeLessThanOrEqual(DETAIL_CONCURRENCY);
  });
});

describe("a number with more meetings than the header's walk counts", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // 1200 meetings, one every 105 minutes: the oldest 87 days ago, all inside Feishu's 90 days.
  const meetings = series(1200, () => 30, 105);
  const newest = [...meetings].reverse();

  it("shows the newest first, reaches the oldest through Next and comes back through Previous, a call or two a click", async () => {
    const fake = fakeGateway(meetings);
    const first = await run(fake, ["123456789"]);
    expect(first.summary).toMatchObject({ count: 1000, countCapped: true });
    expect(first.rows.map((r) => r.topic)).toEqual(Array.from({ length: LIST_PAGE_SIZE }, (_, i) => `Standup ${1199 - i}`));
    expect(first.pager).toMatchObject({ page: 1 });
    expect(first.pager.pages).toBeUndefined();

    const perClick: number[] = [];
    let before = fake.listCalls.length;
    const pageNumbers: number[] = [];
    const { forward, backward, last } = await walkBothWays(fake, first, (view) => {
      perClick.push(fake.listCalls.length - before);
      before = fake.listCalls.length;
      pageNumbers.push(view.pager.page);
    });
    expect(forward.flat()).toEqual(newest.map((m) => m.id));
    expect(backward).toEqual(forward);
    expect(last.pager.page).toBe(1);
    expect(pageNumbers.slice(0, 119)).toEqual(Array.from({ length: 119 }, (_, i) => i + 2));
    // Was a 20-call walk of the whole range on every click.
    expect(Math.max(...perClick)).toBeLessThanOrEqual(4);
    expect(perClick.reduce((a, b) => a + b, 0) / perClick.length).toBeLessThanOrEqual(1.5);
    // Every query of every click stays inside the card's window.
    const lookback = vcLookbackStart(NOW).getTime();
    for (const q of fake.listCalls) {
      expect(q.start.getTime()).toBeGreaterThanOrEqual(lookback);
      expect(q.end.getTime()).toBeLessThanOrEqual(NOW);
      expect(q.pageSize).toBeLessThanOrEqual(50);
    }
  });

  it("finds a page in a few calls when the meetings come in a dense burst the header's count does not show", async () => {
    // A stale header says 3 meetings over 90 days; the last day holds 600, one every 2 minutes.
    const burst = series(600, () => 1, 2);
    const fake = fakeGateway(burst);
    const list: ListState = { startSec: Math.ceil(vcLookbackStart(NOW).getTime() / 1000), endSec: NOW / 1000, count: 3, countCapped: false, totalSeconds: 5400, measured: 3 };
    const view = await runButton(fake, { kind: "number", meetingNo: "123456789", list }, { cursor: { back: [], page: 1 } });
    expect(view.rows.map((r) => r.id)).toEqual([...burst].reverse().slice(0, LIST_PAGE_SIZE).map((m) => m.id));
    expect(fake.listCalls.length).toBeLessThanOrEqual(MAX_PAGE_CALLS);
    const next = await click(fake, view.pager.next);
    expect(next.rows.map((r) => r.id)).toEqual([...burst].reverse().slice(LIST_PAGE_SIZE, 2 * LIST_PAGE_SIZE).map((m) => m.id));
  });
});

describe("forged or damaged buttons", () => {
  const meetings = series(40, () => 30, 240);
  const cardStart = async (fake: FakeGateway) => {
    const first = await run(fake, ["123456789", WEEK]);
    return { first, state: listStateOf(first.pager.next) };
  };

  it("never throw and never ask outside the card's window, whatever the cursor says", async () => {
    const fake = fakeGateway(meetings);
    const { first, state } = await cardStart(fake);
    const [lo, hi] = [state.startSec * 1000, state.endSec * 1000];
    const newestPage = first.rows.map((r) => r.id);
    const forged: unknown[] = [
      { token: "o-5", back: [], page: 2 },
      { token: "o99999999999", back: [], page: 2 },
      { token: `o${state.startSec - 86_400}`, back: [], page: 3 },
      { token: `o${state.startSec}`, back: [], page: 3 },
      { token: `o${state.endSec + 30 * 86_400}`, back: [], page: 7 },
      { token: `n${state.startSec - 86_400}`, back: [], page: 2 },
      { token: `n${state.endSec + 86_400}`, back: [], page: 2 },
      { token: "n-1", back: [], page: 2 },
      { token: "oNaN", back: [], page: 2 },
      { token: "o1.5e9", back: [], page: 2 },
      { token: `o${state.endSec}+99`, back: [], page: 2 },
      { token: `o${state.endSec}+40`, back: [], page: -3 },
      { token: 17, page: "x" },
      { token: `n${state.startSec}`, back: [], page: 1e15 },
      { back: [], page: 9, offset: 500 },
      "junk",
      null,
    ];
    for (const raw of forged) {
      fake.listCalls.length = 0;
      const cursor = readCursor(raw) ?? { back: [], page: 1 };
      const view = await runButton(fake, first.pager.next!.args, { cursor });
      expect(view.kind, JSON.stringify(raw)).toBe("meeting-list");
      expect(view.rows.length, JSON.stringify(raw)).toBeGreaterThan(0);
      expect(view.pager.page).toBeGreaterThanOrEqual(1);
      expect(view.pager.page).toBeLessThanOrEqual(100_000);
      expect(fake.listCalls.length).toBeLessThanOrEqual(2 * MAX_PAGE_CALLS);
      for (const q of fake.listCalls) {
        expect(q.start.getTime(), JSON.stringify(raw)).toBeGreaterThanOrEqual(lo);
        expect(q.end.getTime(), JSON.stringify(raw)).toBeLessThanOrEqual(hi);
      }
    }
    // Previous from before the window (meetings that have left Feishu's window since) is the oldest page left.
    const oldest = await runButton(fake, first.pager.next!.args, { cursor: readCursor({ token: `n${state.startSec - 86_400}`, back: [], page: 4 })! });
    const inWindow = meetings.filter((m) => m.startTime!.getTime() >= lo);
    expect(oldest.rows.map((r) => r.id)).toEqual(inWindow.slice(0, LIST_PAGE_SIZE).map((m) => m.id).reverse());
    expect(oldest.pager.next).toBeUndefined();
    // A boundary in the future is the newest page; one before the window has nothing: the newest page too.
    for (const token of [`o${state.endSec + 30 * 86_400}`, `o${state.startSec - 86_400}`]) {
      const view = await runButton(fake, first.pager.next!.args, { cursor: readCursor({ token, back: [], page: 5 })! });
      expect(view.rows.map((r) => r.id)).toEqual(newestPage);
      expect(view.pager.page).toBe(1);
    }
  });

  it("keep a forged state's window inside Feishu's 90 days and before now, even one the schema accepts", async () => {
    const fake = fakeGateway(meetings);
    const forged: ListState[] = [
      { startSec: 1, endSec: 99_999_999_999, count: 5, countCapped: false, totalSeconds: 0, measured: 0 },
      { startSec: 0, endSec: NOW / 1000 + 86_400, count: 40, countCapped: false, totalSeconds: 0, measured: 0, oldestSec: 5 },
    ];
    for (const list of forged) {
      expect(listState.safeParse(list).success).toBe(true);
      fake.listCalls.length = 0;
      const view = await runButton(fake, { kind: "number", meetingNo: "123456789", list }, { cursor: readCursor({ token: "o99999999999", back: [], page: 2 })! });
      expect(view.kind).toBe("meeting-list");
      expect(fake.listCalls.length).toBeGreaterThan(0);
      for (const q of fake.listCalls) {
        expect(q.start.getTime()).toBeGreaterThanOrEqual(vcLookbackStart(NOW).getTime());
        expect(q.end.getTime()).toBeLessThanOrEqual(NOW);
      }
    }
  });

  it("are refused before any call when the list state breaks the schema", async () => {
    const fake = fakeGateway(meetings);
    const { state } = await cardStart(fake);
    fake.listCalls.length = 0;
    for (const list of [{ ...state, endSec: state.startSec - 1 }, { ...state, measured: state.count + 1 }, { ...state, count: 1.5 }, { ...state, extra: true }]) {
      await expect(runButton(fake, { kind: "number", meetingNo: "123456789", list })).rejects.toThrow(/schema refuses/);
    }
    expect(fake.listCalls).toHaveLength(0);
  });

  it("keep their values small, sealed too", async () => {
    const fake = fakeGateway(meetings);
    const { first } = await cardStart(fake);
    const second = await click(fake, first.pager.next);
    const config = contextFor(fake).deps.config;
    const place = { chatId: `oc_${"a".repeat(32)}`, chatType: "group" as const, issuedAt: 1_800_000_000 };
    for (const value of [first.pager.next!, second.pager.prev!, second.pager.next!]) {
      expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThan(400);
      expect(JSON.stringify(sealedValue(config, { ...value }, place)).length).toBeLessThan(700);
    }
  });

  it("size the pager guard so that anything under it seals within a sealed value's limit, and leave off what is over", () => {
    const config = testDeps().config;
    const place = { chatId: `oc_${"a".repeat(32)}`, chatType: "p2p" as const, issuedAt: 9_999_999_999 };
    const atTheGuard = { cmd: "meeting", pad: "x".repeat(MAX_PAGER_VALUE_BYTES - JSON.stringify({ cmd: "meeting", pad: "" }).length) };
    expect(Buffer.byteLength(JSON.stringify(atTheGuard))).toBe(MAX_PAGER_VALUE_BYTES);
    expect((sealedValue(config, atTheGuard, place).s as string).length).toBeLessThanOrEqual(MAX_SEALED_LENGTH);
    // Every field at its bound still fits under the guard: it never drops a button of ours.
    const largest = {
      cmd: "meeting",
      args: {
        kind: "number",
        meetingNo: "123456789",
        range: { from: "2026-01-01", to: "2026-03-31" },
        list: { startSec: 999_999_999_999, endSec: 999_999_999_999, count: 1_000_000, countCapped: true, totalSeconds: 999_999_999_999, measured: 1_000_000, oldestSec: 999_999_999_999 },
      },
      cursor: { token: "o99999999999+40", back: [], page: 100_000 },
    };
    expect(meetingArgs.safeParse(largest.args).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(MAX_PAGER_VALUE_BYTES / 2);
    // A value over the guard (here a meeting number no schema accepts) gets no button at all.
    const list: ListState = { startSec: 1_790_000_000, endSec: 1_795_000_000, count: 30, countCapped: false, totalSeconds: 0, measured: 0 };
    const cursor = { dir: "older" as const, boundSec: 1_794_000_000, skip: 0, page: 2 };
    const page = { state: list, startSec: list.startSec, stale: false, items: [], page: 2, prev: cursor, next: cursor, now: NOW, timeZone: "Asia/Shanghai" };
    expect(buildListView({ ...page, meetingNo: "123456789" }).pager).toMatchObject({ prev: expect.anything(), next: expect.anything() });
    const oversized = buildListView({ ...page, meetingNo: "9".repeat(MAX_PAGER_VALUE_BYTES) }).pager;
    expect(oversized.prev).toBeUndefined();
    expect(oversized.next).toBeUndefined();
  });
});

describe("one page around a boundary, against a misbehaving list_by_no", () => {
  const win = { meetingNo: "123456789", startSec: NOW / 1000 - 30 * 86_400, endSec: NOW / 1000 };
  const brief = (i: number) => ({ id: String(7_500_000_000_000_000_000n + BigInt(i)), topic: `m${i}`, url: undefined, meetingNo: "123456789", password: undefined });

  it("stops at MAX_PAGE_CALLS when every slice says more follow", async () => {
    let calls = 0;
    const gateway = {
      listMeetingsByNo: async () => {
        calls += 1;
        return { items: [brief(calls)], hasMore: true, pageToken: `t${calls}` };
      },
    } as unknown as FakeGateway["gateway"];
    const older = await newestBefore(gateway, win, win.endSec + 1, 10, 86_400);
    expect(calls).toBe(MAX_PAGE_CALLS);
    expect(older.more).toBe(true);
    calls = 0;
    const newer = await oldestAfter(gateway, win, win.startSec, 10);
    expect(calls).toBe(MAX_PAGE_CALLS);
    expect(newer).toMatchObject({ more: true });
    expect(newer.items.length).toBeLessThanOrEqual(10);
  });
});

describe("/meeting <number>: exact figures in two steps", () => {
  it("answers at once with the page and \"counting…\" (no pager yet), then with every meeting timed and the pager", async () => {
    const meetings = series(MEASURED_BEFORE_FIRST_CARD + 45);
    const fake = fakeGateway(meetings);
    const ctx = contextFor(fake);
    const args = argsFromText(meetingCommand, ["123456789"], { now: NOW, timeZone: ctx.deps.config.bot.timezone });
    const answer = await settle(runCommand(meetingCommand, args, ctx));
    const first = listOf(answer.view);
    expect(first.summary).toMatchObject({ count: meetings.length, measured: 0, counting: { seconds: 2 } });
    expect(first.rows).toHaveLength(LIST_PAGE_SIZE);
    expect(first.pager.next).toBeUndefined();
    // Only the page (and the oldest meeting, for the window's bound) was fetched before the first card.
    expect(new Set(fake.getCalls).size).toBeLessThanOrEqual(LIST_PAGE_SIZE + 1);
    expect(answer.final).toBeTypeOf("function");
    const final = listOf(await settle(answer.final!()));
    const total = meetings.reduce((sum, m) => sum + (m.endTime!.getTime() - m.startTime!.getTime()) / 1000, 0);
    expect(final.summary).toEqual({ count: meetings.length, countCapped: false, totalSeconds: total, measured: meetings.length, averageSeconds: total / meetings.length });
    expect(final.rows).toEqual(first.rows);
    expect(listStateOf(final.pager.next)).toMatchObject({ count: meetings.length, totalSeconds: total, measured: meetings.length });
  });

  it("asks Feishu the same window for the same command a few seconds apart (no range: cut to the minute)", async () => {
    const fake = fakeGateway(series(12));
    await run(fake, ["123456789"], {}, NOW + 5_000);
    await run(fake, ["123456789"], {}, NOW + 40_000);
    const [a, b] = [fake.listCalls[0]!, fake.listCalls[fake.listCalls.length - 1]!];
    expect(b.start.getTime()).toBe(a.start.getTime());
    expect(b.end.getTime()).toBe(a.end.getTime());
    expect(a.end.getTime()).toBe(NOW);
  });
});

describe("the header summary", () => {
  const window = { meetingNo: "123456789", start: new Date(NOW - 90 * DAY), end: new Date(NOW) };

  it("counts every page of a long range and times every meeting counted: exact figures, however many", async () => {
    const meetings = series(157, () => 30);
    const fake = fakeGateway(meetings);
    const details = createDetailFetcher(fake.gateway);
    const summary = await measure(await walkMeetings(fake.gateway, window), details, NOW);
    expect(summary).toEqual({ count: 157, countCapped: false, totalSeconds: 157 * 1800, measured: 157 });
    expect(fake.listCalls.map((q) => q.pageSize)).toEqual([50, 50, 50, 50]);
    expect(new Set(fake.getCalls).size).toBe(157);
  });

  it("times a few meetings before the first card, and leaves more for afterwards, fetching nothing until asked", async () => {
    const few = fakeGateway(series(MEASURED_BEFORE_FIRST_CARD, () => 30));
    const fewFigures = await firstFigures(await walkMeetings(few.gateway, window), createDetailFetcher(few.gateway), NOW);
    expect(fewFigures).toEqual({ summary: { count: MEASURED_BEFORE_FIRST_CARD, countCapped: false, totalSeconds: MEASURED_BEFORE_FIRST_CARD * 1800, measured: MEASURED_BEFORE_FIRST_CARD } });
    const many = fakeGateway(series(MEASURED_BEFORE_FIRST_CARD + 1, () => 30));
    const later = await firstFigures(await walkMeetings(many.gateway, window), createDetailFetcher(many.gateway), NOW);
    expect(later.summary).toEqual({ count: MEASURED_BEFORE_FIRST_CARD + 1, countCapped: false, totalSeconds: 0, measured: 0 });
    expect(many.getCalls).toHaveLength(0);
    expect(await later.exact!()).toMatchObject({ totalSeconds: (MEASURED_BEFORE_FIRST_CARD + 1) * 1800, measured: MEASURED_BEFORE_FIRST_CARD + 1 });
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
        if (calls > 100) throw new Error("the walk keeps calling list_by_no");
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
    const summary = await measure(await walkMeetings(api.gateway, window), createDetailFetcher(api.gateway), NOW);
    expect(api.calls()).toBe(2);
    expect(summary).toMatchObject({ count: 1, countCapped: true });
  });

  it("stops after MAX_SUMMARY_CALLS even when every token is new but pages come back thin", async () => {
    const api = listing((n) => ({ items: [brief(n)], hasMore: true, pageToken: `t${n}` }));
    const summary = await measure(await walkMeetings(api.gateway, window), createDetailFetcher(api.gateway), NOW);
    expect(api.calls()).toBe(MAX_SUMMARY_CALLS);
    expect(summary).toMatchObject({ count: MAX_SUMMARY_CALLS, countCapped: true });
  });
});

describe("the detail fetcher", () => {
  it("fetches each id once, with at most `concurrency` calls in flight (the gateway's limiter paces them)", async () => {
    const target = meeting();
    let calls = 0;
    let inFlight = 0;
    let most = 0;
    const fetch = createDetailFetcher(
      {
        getMeeting: async () => {
          calls += 1;
          inFlight += 1;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight -= 1;
          return target;
        },
      } as unknown as FakeGateway["gateway"],
      { concurrency: 3 },
    );
    await Promise.all(["1", "2", "3", "4", "5", "6", "1"].map((id) => fetch(id)));
    expect(calls).toBe(6);
    expect(most).toBe(3);
  });
});
