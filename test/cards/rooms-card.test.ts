import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buttonAction } from "../../src/commands/actions.js";
import { buildRoomsView } from "../../src/commands/rooms/build.js";
import type { ReservationRow, RoomsView } from "../../src/commands/rooms/view.js";
import { cardToText, checkCardBudget, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, renderView } from "../../src/cards/index.js";
import type { Card } from "../../src/cards/index.js";
import type { CheckInStatus, ReleaseKind, Reservation, ReservationStatus } from "../../src/feishu/types.js";
import { readGolden } from "./golden.js";
import { activeConstructs, DANGEROUS_FRAGMENTS } from "./markdown-checker.js";

const HOSTILE = "<at id=all></at> [win](https://evil.example) **now**";

function row(overrides: Partial<ReservationRow>): ReservationRow {
  return {
    room: "3F-01 Orion",
    start: "09:00",
    end: "10:00",
    title: "Weekly sync",
    reserver: "Alice",
    guests: 6,
    accepted: 4,
    status: { kind: "reserved" },
    checkIn: { kind: "checked_in" },
    checkInTime: "09:02",
    release: { kind: "not_released" },
    releaseTime: undefined,
    releasedBy: undefined,
    ...overrides,
  };
}

/** A fixed view: page 2 of 3, every kind of row the card shows. */
function fixedView(overrides: Partial<RoomsView> = {}): RoomsView {
  return {
    kind: "rooms",
    date: "2026-03-03",
    relative: "yesterday",
    filter: "3F",
    summary: {
      reservations: 23,
      approving: 1,
      roomsUsed: 4,
      checkIn: { checkedIn: 15, due: 20 },
      noShows: 4,
      missed: 1,
      notYetDue: 2,
      noCheckIn: 0,
      releasedEarly: 3,
      secondsGivenBack: 5400,
      invitations: { accepted: 51, invited: 98 },
      busiestRooms: [
        { room: "3F-01 Orion", seconds: 7 * 3600, reservations: 5 },
        { room: HOSTILE, seconds: 4.5 * 3600, reservations: 3 },
        { room: "3F-03 Vega", seconds: 3 * 3600, reservations: 3 },
      ],
    },
    groups: [
      {
        room: "3F-01 Orion",
        rows: [
          row({}),
          row({
            start: "10:30",
            end: "12:00",
            title: HOSTILE,
            reserver: "Bob <b>",
            checkIn: { kind: "missed" },
            checkInTime: undefined,
            release: { kind: "auto" },
            releaseTime: "10:45",
          }),
          row({ start: "13:00", end: "14:00", release: { kind: "manual" }, releaseTime: "13:20", releasedBy: "Alice" }),
        ],
      },
      {
        room: HOSTILE,
        rows: [
          row({ room: HOSTILE, title: "", status: { kind: "approving" }, checkIn: { kind: "awaiting" }, checkInTime: undefined }),
          row({
            room: HOSTILE,
            start: undefined,
            end: "03-04 01:00",
            accepted: undefined,
            status: { kind: "unknown", raw: "已冻结" },
            checkIn: { kind: "unknown", raw: "签到中" },
            checkInTime: undefined,
            release: { kind: "unknown", raw: "已释放(管理员释放)" },
            releaseTime: "15:00",
          }),
        ],
      },
    ],
    offset: 10,
    total: 23,
    pager: {
      page: 2,
      pages: 3,
      prev: buttonAction("rooms", { date: "2026-03-03", filter: "3F" }, { back: [], page: 1, offset: 0 }),
      next: buttonAction("rooms", { date: "2026-03-03", filter: "3F" }, { back: [], page: 3, offset: 20 }),
    },
    truncated: false,
    ...overrides,
  };
}

type Element = { tag: string; content?: string; columns?: Array<{ elements: Element[] }>; behaviors?: Array<{ value: unknown }> };
const elements = (card: Card) => (card.body as { elements: Element[] }).elements;

/** Every markdown text in the card, nested ones included. */
function markdownContents(card: Card): string[] {
  const out: string[] = [];
  const walk = (list: Element[]) => {
    for (const element of list) {
      if (element.tag === "markdown") out.push(element.content ?? "");
      for (const column of element.columns ?? []) walk(column.elements);
    }
  };
  walk(elements(card));
  return out;
}

/** The card's own markup (bold, colours, line breaks) taken out, so only the data is left to check. */
function withoutOwnMarkup(content: string): string {
  return content
    .replace(/\*\*/g, "")
    .replace(/<font color='(?:green|red|orange)'>/g, "")
    .replace(/<\/font>/g, "")
    .replace(/\n/g, " ");
}

const buttons = (card: Card) =>
  elements(card)
    .filter((e) => e.tag === "column_set")
    .flatMap((e) => e.columns ?? [])
    .flatMap((c) => c.elements)
    .filter((e) => e.tag === "button");

describe("rooms card", () => {
  it.each([
    ["rooms.zh", fixedView(), "zh"],
    ["rooms.en", fixedView({ relative: "today", asOf: "15:30", filter: undefined }), "en"],
  ] as const)("matches golden/%s.json", (golden, view, locale) => {
    const card = renderView(view, locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("is a JSON 2.0 card, shared for updates, with the day in the header", () => {
    const card = renderView(fixedView(), "zh");
    expect(Object.keys(card).sort()).toEqual(["body", "config", "header", "schema"]);
    expect(card).toMatchObject({
      schema: "2.0",
      config: { update_multi: true, summary: { content: "2026-03-03：23 个预定" } },
      header: {
        title: { tag: "plain_text", content: "会议室预定 · 昨天 2026-03-03" },
        subtitle: { tag: "plain_text", content: "会议室名称含「3F」" },
      },
    });
  });

  it("puts the whole day's summary first, then the page, then the pager", () => {
    const text = cardToText(renderView(fixedView(), "zh"));
    const order = ["**概览**", "其中：已签到 **15** 个 · 未到场 **4** 个（未签到，已自动释放） · 未签到 **1** 个（会议室未释放） · 签到未截止 **2** 个（不计入签到率） · 审批中 **1** 个", "签到率 **75.0%**（15/20）", "提前释放 **3** 个，归还 **1小时30分**", "邀约接受 **51/98**（52.0%）", "**预定明细** · 第 2/3 页 · 共 23 个", "**3F-01 Orion**", "[ 上一页 ]"];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Room names are cut at 40 characters.
    expect(text).toContain(`最忙的会议室：3F-01 Orion（7小时）、${HOSTILE.slice(0, 39)}…（4小时30分）、3F-03 Vega（3小时）`);
  });

  it("shows each reservation's time, title, reserver, guests, check-in and release", () => {
    const text = cardToText(renderView(fixedView(), "en"));
    expect(text).toContain("09:00–10:00 Weekly sync · Alice · accepted 4/6 · checked in 09:02");
    expect(text).toContain(`10:30–12:00 ${HOSTILE} · Bob <b> · accepted 4/6 · not checked in · released automatically 10:45`);
    expect(text).toContain("13:00–14:00 Weekly sync · Alice · accepted 4/6 · checked in 09:02 · released by hand 13:20 by Alice");
    expect(text).toContain("09:00–10:00 (no title) · Alice · accepted 4/6 · awaiting approval · awaiting check-in");
  });

  it("keeps values it does not understand visible as Feishu sent them", () => {
    const text = cardToText(renderView(fixedView(), "zh"));
    expect(text).toContain("?–03-04 01:00 Weekly sync · Alice · 邀约 6 · 已冻结 · 签到中 · 已释放(管理员释放) 15:00");
  });

  it("lets no room name, title or person act as markdown", () => {
    for (const content of markdownContents(renderView(fixedView(), "zh"))) {
      expect(activeConstructs(withoutOwnMarkup(content))).toEqual([]);
    }
  });

  it("pages with Previous and Next buttons whose values carry the command, day, filter and offset", () => {
    const card = renderView(fixedView(), "en");
    const [prev, next] = buttons(card);
    expect(prev).toMatchObject({ tag: "button", text: { tag: "plain_text", content: "Previous" } });
    expect(next).toMatchObject({ tag: "button", text: { tag: "plain_text", content: "Next" } });
    expect(next!.behaviors).toEqual([{ type: "callback", value: { cmd: "rooms", args: { date: "2026-03-03", filter: "3F" }, cursor: { back: [], page: 3, offset: 20 } } }]);
    expect(cardToText(card)).toContain("[ Previous ]  Page 2/3  [ Next ]");
  });

  it("has no pager when the day fits one page, and only Next on the first page", () => {
    const one = renderView(fixedView({ pager: { page: 1, pages: 1 } }), "zh");
    expect(elements(one).some((e) => e.tag === "column_set")).toBe(false);
    const first = fixedView();
    const card = renderView({ ...first, pager: { page: 1, pages: 3, next: first.pager.next! } }, "zh");
    expect(buttons(card).map((b) => (b as { text?: { content?: string } }).text?.content)).toEqual(["下一页"]);
  });

  it("jumps to the first and last page around Previous and Next when the view has them", () => {
    const view = fixedView();
    const first = buttonAction("rooms", { date: "2026-03-03" }, { back: [], page: 1, offset: 0 });
    const last = buttonAction("rooms", { date: "2026-03-03" }, { back: [], page: 5, offset: 40 });
    const card = renderView({ ...view, pager: { ...view.pager, pages: 5, first, last } }, "en");
    expect(buttons(card).map((b) => (b as { text?: { content?: string } }).text?.content)).toEqual(["« First", "Previous", "Next", "Last »"]);
    expect(buttons(card).map((b) => (b as { behaviors: Array<{ value: unknown }> }).behaviors[0]!.value)).toEqual([first, view.pager.prev, view.pager.next, last]);
    expect(cardToText(card)).toContain("[ « First ]  [ Previous ]  Page 2/5  [ Next ]  [ Last » ]");
  });

  it("says plainly when a day has nothing, escaping the filter it quotes", () => {
    const empty = { groups: [], total: 0, offset: 0, pager: { page: 1, pages: 1 } };
    const filtered = cardToText(renderView(fixedView({ ...empty, filter: "<at id=all></at>" }), "zh"));
    expect(filtered).toContain("这一天没有名称含「<at id=all></at>」的会议室的预定。");
    expect(filtered).not.toContain("预定明细");
    const today = cardToText(renderView(fixedView({ ...empty, filter: undefined, relative: "today", asOf: "07:10" }), "en"));
    expect(today).toContain("No room reservation has started yet today.");
    expect(today).toContain("As of 07:10");
    const markdown = markdownContents(renderView(fixedView({ ...empty, filter: "<at id=all></at>" }), "zh"));
    for (const content of markdown) expect(activeConstructs(withoutOwnMarkup(content))).toEqual([]);
  });

  it("warns when the day was cut short", () => {
    expect(cardToText(renderView(fixedView({ truncated: true }), "en"))).toContain("only the first 23 are counted");
  });
});

/** Text a person might type, and text meant to break the card: markdown, mentions, links, long runs. */
const userText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ minLength: maxLength, maxLength }),
    fc.array(fc.constantFrom(...DANGEROUS_FRAGMENTS, "会议室", "周会 🎉", "&", "<", "*"), { maxLength: 20 }).map((parts) => parts.join("")),
    fc.constant("<at id=all></at>".repeat(Math.ceil(maxLength / 16))),
  );

const reservationStatus: fc.Arbitrary<ReservationStatus> = fc.oneof(
  fc.constantFrom<ReservationStatus>({ kind: "reserved" }, { kind: "approving" }, { kind: "released" }),
  userText(80).map((raw) => ({ kind: "unknown" as const, raw })),
);
const checkInStatus: fc.Arbitrary<CheckInStatus | undefined> = fc.oneof(
  fc.constantFrom<CheckInStatus | undefined>(undefined, { kind: "checked_in" }, { kind: "missed" }, { kind: "awaiting" }, { kind: "not_required_instant" }),
  userText(80).map((raw) => ({ kind: "unknown" as const, raw })),
);
const release: fc.Arbitrary<ReleaseKind> = fc.oneof(
  fc.constantFrom<ReleaseKind>({ kind: "not_released" }, { kind: "manual" }, { kind: "auto" }, { kind: "sensor" }, { kind: "after_meeting" }),
  userText(80).map((raw) => ({ kind: "unknown" as const, raw })),
);
const DAY_START = Date.parse("2026-03-02T16:00:00Z");
const instant = fc.option(fc.integer({ min: DAY_START - 86_400_000, max: DAY_START + 2 * 86_400_000 }).map((ms) => new Date(ms)), { nil: undefined });

const reservationArb: fc.Arbitrary<Reservation> = fc.record({
  roomId: fc.string({ maxLength: 40 }),
  roomName: userText(300),
  title: userText(600),
  reserver: userText(200),
  reserverId: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  department: fc.string({ maxLength: 20 }),
  guests: fc.option(fc.nat(100_000), { nil: undefined }),
  accepted: fc.option(fc.nat(100_000), { nil: undefined }),
  start: instant,
  end: instant,
  durationSeconds: fc.option(fc.nat(10 * 86_400), { nil: undefined }),
  status: reservationStatus,
  checkInDevice: fc.constant(undefined),
  checkInStatus,
  checkInTime: instant,
  release,
  releasedBy: fc.option(userText(200), { nil: undefined }),
  releaseTime: instant,
});

/** Largest card the generated data produced; printed so the closing note can quote it. */
let largest = { bytes: 0, elements: 0 };

describe("rooms card, whatever the data", () => {
  it("stays within 30 KB and 200 elements, and lets nothing user-written act as markdown", () => {
    fc.assert(
      fc.property(
        fc.array(reservationArb, { minLength: 0, maxLength: 500, size: "max" }),
        // Filters that match some generated names: the point is to have rows on the page.
        fc.option(fc.constantFrom("", "<", "a", "会议室", "at", "<at id=all></at>"), { nil: undefined, freq: 1 }),
        fc.constantFrom(0, 10, 95, 250, 499, 600),
        fc.constantFrom("zh" as const, "en" as const),
        fc.boolean(),
        (reservations, filter, offset, locale, truncated) => {
          const view = buildRoomsView({
            reservations,
            truncated,
            date: "2026-03-03",
            ...(filter !== undefined ? { filter } : {}),
            offset,
            timeZone: "Asia/Shanghai",
          });
          const card = renderView(view, locale); // throws CardBudgetError over either limit
          const size = checkCardBudget(card);
          if (size.bytes > largest.bytes) largest = size;
          for (const content of markdownContents(card)) {
            expect(activeConstructs(withoutOwnMarkup(content))).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(largest.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(largest.elements).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
    console.log(`largest rooms card from generated data: ${largest.bytes} bytes, ${largest.elements} elements`);
  });

  it("is measured on a worst case: ten rows, every string at its longest and fully escaped", () => {
    const worst = "<".repeat(600);
    const reservations = Array.from({ length: 500 }, (_, i) => ({
      roomId: `omm_${i % 10}`,
      roomName: `${worst}${i % 10}`,
      title: worst,
      reserver: worst,
      reserverId: undefined,
      department: "",
      guests: 99_999,
      accepted: 99_999,
      start: new Date(DAY_START + 3_600_000),
      end: new Date(DAY_START + 2 * 86_400_000),
      durationSeconds: 3600,
      status: { kind: "unknown" as const, raw: worst },
      checkInDevice: undefined,
      checkInStatus: { kind: "unknown" as const, raw: worst },
      checkInTime: undefined,
      release: { kind: "unknown" as const, raw: worst },
      releasedBy: worst,
      releaseTime: new Date(DAY_START + 2 * 86_400_000),
    }));
    const view = buildRoomsView({ reservations, truncated: true, date: "2026-03-03", filter: "<".repeat(40), until: (DAY_START + 86_400_000) / 1000, offset: 250, timeZone: "Asia/Shanghai" });
    const size = checkCardBudget(renderView(view, "en"));
    console.log(`worst-case rooms card: ${size.bytes} bytes, ${size.elements} elements`);
    expect(size.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
  });
});
