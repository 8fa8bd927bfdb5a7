import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listState, meetingArgs } from "../../src/commands/meeting/args.js";
import { cursorSchema } from "../../src/commands/paging.js";
import { buildDetailView } from "../../src/commands/meeting/detail-view.js";
import { buildListView } from "../../src/commands/meeting/list-view.js";
import type { MeetingDetailView, MeetingListView } from "../../src/commands/meeting/views.js";
import { checkCardBudget, renderView } from "../../src/cards/index.js";
import { Sensitive, type MeetingDetail, type MeetingStatus, type Participant, type UserType } from "../../src/feishu/types.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { DANGEROUS_FRAGMENTS } from "./markdown-checker.js";
import { markdownTexts } from "./meeting-fixtures.js";

const T0 = Date.UTC(2026, 10, 20, 1, 0, 0);
const DAY = 86_400_000;
const OPEN_ID = /^ou_[A-Za-z0-9]{1,64}$/;

/** User-written text: any Unicode, markdown and mention fragments, sometimes very long. */
const hostile = (maxParts: number) =>
  fc
    .array(
      fc.oneof(
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom(...DANGEROUS_FRAGMENTS),
        fc.constant("x".repeat(300)),
        // Every character escaped: the costliest text there is.
        fc.constant("<&>[]".repeat(60)),
      ),
      { maxLength: maxParts },
    )
    .map((parts) => parts.join(""));
const openId = fc.stringMatching(/^ou_[a-f0-9]{32}$/);
const someId = fc.oneof(openId, hostile(4), fc.stringMatching(/^\d{19}$/));
const maybeDate = fc.option(fc.integer({ min: T0 - 100 * DAY, max: T0 + 2 * DAY }).map((ms) => new Date(ms)), { nil: undefined });
const userType = fc.constantFrom<UserType>("lark", "rooms", "docs", "neo", "neo_guest", "pstn", "sip", "unknown");
const status = fc.constantFrom<MeetingStatus>("calling", "in_progress", "ended", "unknown");

const participantArb: fc.Arbitrary<Participant> = fc.record({
  id: someId,
  userType,
  firstJoinTime: maybeDate,
  finalLeaveTime: maybeDate,
  inMeetingSeconds: fc.nat({ max: 10_000_000 }),
  isHost: fc.boolean(),
  isCohost: fc.boolean(),
  isExternal: fc.boolean(),
  status: fc.constantFrom("calling", "in_meeting", "ringing", "left", "unknown"),
});

const detailArb = (maxParticipants: number): fc.Arbitrary<MeetingDetail> =>
  fc.record({
    id: fc.stringMatching(/^\d{19}$/),
    topic: hostile(12),
    url: fc.constant(undefined),
    meetingNo: fc.oneof(fc.stringMatching(/^\d{9}$/), hostile(2)),
    password: fc.constant(new Sensitive("PW-4417-SECRET")),
    createTime: maybeDate,
    startTime: maybeDate,
    endTime: maybeDate,
    host: fc.option(fc.record({ id: someId, userType }), { nil: undefined }),
    status,
    participantCountPeak: fc.nat({ max: 100_000 }),
    participantCountAccumulated: fc.nat({ max: 100_000 }),
    participants: fc.option(fc.array(participantArb, { maxLength: maxParticipants, size: "max" }), { nil: undefined }),
    ability: fc.option(
      fc.record({ video: fc.boolean(), audio: fc.boolean(), shareScreen: fc.boolean(), followScreen: fc.boolean(), recording: fc.boolean(), pstn: fc.boolean() }),
      { nil: undefined },
    ),
  });

const pageCursorArb = fc.record({
  dir: fc.constantFrom<"older" | "newer">("older", "newer"),
  boundSec: fc.integer({ min: 0, max: 99_999_999_999 }),
  skip: fc.nat({ max: 40 }),
  page: fc.integer({ min: 1, max: 100_000 }),
});

const listArb = fc.record({
  meetingNo: fc.stringMatching(/^\d{9}$/),
  // Any header the list schema accepts, so any a button can bring back.
  state: fc
    .record({
      startSec: fc.integer({ min: 1_780_000_000, max: 1_790_000_000 }),
      endSec: fc.integer({ min: 1_790_000_000, max: 1_800_000_000 }),
      count: fc.nat({ max: 1_000_000 }),
      countCapped: fc.boolean(),
      totalSeconds: fc.nat({ max: 999_999_999_999 }),
      measured: fc.nat({ max: 1_000 }),
      oldestSec: fc.option(fc.integer({ min: 1_780_000_000, max: 1_800_000_000 }), { nil: undefined }),
    })
    .map(({ oldestSec, ...s }) => ({
      ...s,
      measured: Math.min(s.measured, s.count),
      ...(oldestSec !== undefined && oldestSec >= s.startSec && oldestSec <= s.endSec ? { oldestSec } : {}),
    })),
  items: fc.array(
    fc.record({
      brief: fc.record({
        id: fc.stringMatching(/^\d{19}$/),
        topic: hostile(12),
        url: fc.constant(undefined),
        meetingNo: fc.stringMatching(/^\d{9}$/),
        password: fc.constant(new Sensitive("PW-4417-SECRET")),
      }),
      detail: fc.option(detailArb(0), { nil: undefined }),
    }),
    { maxLength: 10 },
  ),
  // Anywhere in a list of any length, with any boundary a button may carry.
  page: fc.integer({ min: 1, max: 100_000 }),
  prev: fc.option(pageCursorArb, { nil: undefined }),
  next: fc.option(pageCursorArb, { nil: undefined }),
  startSec: fc.integer({ min: 1_780_000_000, max: 1_790_000_000 }),
  stale: fc.boolean(),
  locale: fc.constantFrom("zh", "en"),
});

/** The view with every user-written string replaced by as many x's: same layout, nothing to escape. */
function neutralDetail(view: MeetingDetailView): MeetingDetailView {
  const x = (s: string) => "x".repeat([...s].length);
  const id = (s: string) => (OPEN_ID.test(s) ? s : x(s));
  return {
    ...view,
    topic: x(view.topic),
    meetingNo: x(view.meetingNo),
    ...(view.host ? { host: { ...view.host, id: id(view.host.id) } } : {}),
    participants: { ...view.participants, rows: view.participants.rows.map((r) => ({ ...r, id: id(r.id) })) },
  };
}

function neutralList(view: MeetingListView): MeetingListView {
  return { ...view, rows: view.rows.map((r) => ({ ...r, topic: "x".repeat([...r.topic].length) })) };
}

/** How many of each markdown-significant character the card's markdown holds. */
function specials(card: unknown): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const ch of markdownTexts(card).join("")) {
    if ("<>[]()*_~`|$\\!@:\n+-.'\"".includes(ch)) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  return counts;
}

/** The largest card each property produced: proof that the generators really press on the limits. */
const largest = { detail: 0, list: 0 };

function assertSafe(card: Record<string, unknown>, neutral: Record<string, unknown>): number {
  const { bytes } = checkCardBudget(card);
  const check = checkCard(card);
  expect(check.ok, JSON.stringify(check)).toBe(true);
  // Escaped user text adds no markdown-significant character: the card reads like the neutral one.
  expect(specials(card)).toEqual(specials(neutral));
  for (const text of markdownTexts(card)) expect(text).not.toMatch(/<at\b|<a\s|\]\(/i);
  return bytes;
}

describe("meeting cards stay valid, small and escaped whatever the data", () => {
  it("detail cards, up to 500 participants, at any offset", () => {
    fc.assert(
      fc.property(detailArb(500), fc.nat({ max: 600 }), fc.constantFrom("zh", "en"), (detail, offset, locale) => {
        const view = buildDetailView(detail, { offset, chatType: "group", showPasswordInP2p: true, timeZone: "Asia/Shanghai", now: T0 });
        const card = renderView(view, locale);
        largest.detail = Math.max(largest.detail, assertSafe(card, renderView(neutralDetail(view), locale)));
        // A group chat never sees the password, whatever the config says.
        expect(JSON.stringify(card)).not.toContain("PW-4417-SECRET");
      }),
      { numRuns: 60, endOnFailure: true },
    );
    expect(largest.detail).toBeGreaterThan(7_000);
  });

  it("list cards, with long topics, at any position of any list", () => {
    fc.assert(
      fc.property(listArb, (input) => {
        expect(listState.safeParse(input.state).success).toBe(true);
        const view = buildListView({ ...input, timeZone: "Asia/Shanghai", now: T0 });
        // Every button the view makes is one the click path accepts: its arguments and its cursor.
        for (const value of [view.pager.prev, view.pager.next, ...view.rows.map((r) => r.details)]) {
          if (!value) continue;
          expect(value.cmd).toBe("meeting");
          expect(meetingArgs.safeParse(JSON.parse(JSON.stringify(value.args))).success).toBe(true);
          if (value.cursor) expect(cursorSchema.safeParse(value.cursor).success).toBe(true);
        }
        const card = renderView(view, input.locale);
        largest.list = Math.max(largest.list, assertSafe(card, renderView(neutralList(view), input.locale)));
        expect(JSON.stringify(card)).not.toContain("PW-4417-SECRET");
      }),
      { numRuns: 100, endOnFailure: true },
    );
    // Ten rows of escaped topics; the buttons carry a time boundary, no stack of page tokens.
    expect(largest.list).toBeGreaterThan(8_000);
  });

  it("the largest realistic detail page: 500 participants with 100-character ids, a 2000-character topic", () => {
    const longId = "omm_" + "<".repeat(96);
    const detail: MeetingDetail = {
      id: "7".repeat(19),
      topic: "<at id=all></at>".repeat(125),
      url: undefined,
      meetingNo: "123456789",
      password: undefined,
      createTime: new Date(T0),
      startTime: new Date(T0),
      endTime: new Date(T0 + DAY),
      host: { id: longId, userType: "rooms" },
      status: "ended",
      participantCountPeak: 500,
      participantCountAccumulated: 500,
      participants: Array.from({ length: 500 }, () => ({
        id: longId,
        userType: "rooms" as const,
        firstJoinTime: new Date(T0 - DAY),
        finalLeaveTime: new Date(T0 + DAY),
        inMeetingSeconds: 86_400,
        isHost: true,
        isCohost: true,
        isExternal: true,
        status: "left" as const,
      })),
      ability: { video: true, audio: true, shareScreen: true, followScreen: true, recording: true, pstn: true },
    };
    const view = buildDetailView(detail, { offset: 0, chatType: "p2p", showPasswordInP2p: true, timeZone: "Asia/Shanghai", now: T0 });
    const { bytes, elements } = checkCardBudget(renderView(view, "en"));
    expect(bytes).toBeLessThan(30 * 1024);
    expect(elements).toBeLessThan(200);
    console.info(`largest /meeting detail card: ${bytes} bytes, ${elements} elements`);
  });

  it("the largest list page: ten 300-character all-escaped topics deep in the longest list", () => {
    const topic = "<&>[]".repeat(60);
    const view = buildListView({
      meetingNo: "123456789",
      timeZone: "Asia/Shanghai",
      state: { startSec: 1_790_000_000, endSec: 1_795_000_000, count: 999_999, countCapped: true, totalSeconds: 999_999_999_999, measured: 100 },
      items: Array.from({ length: 10 }, (_, i) => ({
        brief: { id: String(7_000_000_000_000_000_000n + BigInt(i)), topic, url: undefined, meetingNo: "123456789", password: undefined },
        detail: undefined,
      })),
      startSec: 1_790_000_000,
      stale: true,
      page: 99_901,
      prev: { dir: "newer", boundSec: 99_999_999_999, skip: 40, page: 99_900 },
      next: { dir: "older", boundSec: 99_999_999_999, skip: 40, page: 99_902 },
      now: T0,
    });
    expect(view.pager.prev).toBeDefined();
    expect(view.pager.next).toBeDefined();
    const { bytes, elements } = checkCardBudget(renderView(view, "zh"));
    expect(bytes).toBeLessThan(30 * 1024);
    expect(elements).toBeLessThan(200);
    console.info(`largest /meeting list card: ${bytes} bytes, ${elements} elements`);
  });
});
