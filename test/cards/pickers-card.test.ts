/**
 * The pickers on the /rooms, /report and /meeting list cards: at the top of the body, valid for
 * Feishu's card check, the current value shown, and the /rooms card within its budget with the
 * room select full, every value sealed and every string at its longest.
 */
import { describe, expect, it } from "vitest";
import { buildRoomsView } from "../../src/commands/rooms/build.js";
import { MAX_ROOM_OPTIONS, roomsPicker } from "../../src/commands/rooms/pick.js";
import { reportPicker } from "../../src/commands/report/pick.js";
import { meetingPicker } from "../../src/commands/meeting/pick.js";
import { cardToText, checkCardBudget, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, renderView, type Card } from "../../src/cards/index.js";
import { createButtonSeal, sealedButtonValues } from "../../src/cards/seal.js";
import { assertValidCard } from "./golden.js";
import { fixedListView } from "./meeting-fixtures.js";

type Element = Record<string, unknown> & { tag: string };
const body = (card: Card) => (card.body as { elements: Element[] }).elements;
const sealing = { buttonValues: sealedButtonValues(createButtonSeal({ appSecret: "secret" }), { chatId: "oc_0123456789abcdef0123456789abcdef", issuedAt: 1_800_000_000 }) };

describe("picker cards", () => {
  it("puts the /rooms date picker and room select first, showing the day and the room", () => {
    const view = { ...buildRoomsView({ reservations: [], truncated: false, date: "2026-03-03", filter: "B2", offset: 0, timeZone: "Asia/Shanghai" }) };
    const card = renderView({ ...view, picker: roomsPicker({ date: "2026-03-03", filter: "B2" }, ["A1", "B2"]) }, "en");
    assertValidCard(card);
    const [first] = body(card);
    expect(first!.tag).toBe("column_set");
    const [date, room] = (first!.columns as Array<{ elements: Element[] }>).map((c) => c.elements[0]!);
    expect(date).toMatchObject({ tag: "date_picker", initial_date: "2026-03-03" });
    expect(room).toMatchObject({ tag: "select_static", initial_option: "room:B2" });
    expect((room!.options as Array<{ text: { content: string }; value: string }>).map((o) => [o.text.content, o.value])).toEqual([
      ["All rooms", "all"],
      ["A1", "room:A1"],
      ["B2", "room:B2"],
    ]);
  });

  it("shows a filter that is no one room's name as the room select's placeholder, and says when rooms were left off", () => {
    const view = buildRoomsView({ reservations: [], truncated: false, date: "2026-03-03", filter: "Room", offset: 0, timeZone: "Asia/Shanghai" });
    const names = Array.from({ length: MAX_ROOM_OPTIONS + 1 }, (_, i) => `Room ${i}`);
    const card = renderView({ ...view, picker: roomsPicker({ date: "2026-03-03", filter: "Room" }, names) }, "zh");
    const select = JSON.stringify(card).includes('"initial_option"');
    expect(select).toBe(false);
    expect(JSON.stringify(card)).toContain("名称含「Room」");
    expect(cardToText(card)).toContain(`下拉列表只列出前 ${MAX_ROOM_OPTIONS} 间会议室`);
  });

  it("keeps a /rooms card with a full room select within 30 KB and 200 elements, sealed, every string at its longest", () => {
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
      start: new Date(Date.parse("2026-03-03T01:00:00Z")),
      end: new Date(Date.parse("2026-03-04T16:00:00Z")),
      durationSeconds: 3600,
      status: { kind: "unknown" as const, raw: worst },
      checkInDevice: undefined,
      checkInStatus: { kind: "unknown" as const, raw: worst },
      checkInTime: undefined,
      release: { kind: "unknown" as const, raw: worst },
      releasedBy: worst,
      releaseTime: new Date(Date.parse("2026-03-04T16:00:00Z")),
    }));
    const filter = "<".repeat(40);
    const args = { date: "2026-03-03", filter, until: 1_772_553_600 };
    const view = buildRoomsView({ reservations, truncated: true, date: args.date, filter, until: args.until, offset: 250, timeZone: "Asia/Shanghai" });
    const names = Array.from({ length: 200 }, (_, i) => `${"<".repeat(37)}${String(i).padStart(3, "0")}`);
    const card = renderView({ ...view, picker: roomsPicker(args, names) }, "en", sealing);
    assertValidCard(card);
    const size = checkCardBudget(card);
    console.log(`worst-case rooms card with pickers: ${size.bytes} bytes, ${size.elements} elements`);
    expect(size.bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(size.elements).toBeLessThanOrEqual(MAX_CARD_ELEMENTS);
  });

  it("puts the range select first on /report and the /meeting list, the range shown chosen", () => {
    const list = renderView({ ...fixedListView(), picker: meetingPicker({ kind: "number", meetingNo: "123456789", range: { days: 14 } }) }, "zh", sealing);
    assertValidCard(list);
    expect(body(list)[0]).toMatchObject({ tag: "select_static", initial_option: "14d" });
    const withoutChoice = renderView({ ...fixedListView(), picker: reportPicker(undefined) }, "en");
    expect(body(withoutChoice)[0]).toMatchObject({ tag: "select_static", placeholder: { content: "Pick a range" } });
    expect(body(withoutChoice)[0]).not.toHaveProperty("initial_option");
  });
});
