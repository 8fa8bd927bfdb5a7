import { describe, expect, it } from "vitest";
import { buildRoomsPeriodView, MAX_ROOM_ROWS, MAX_UNUSED_NAMES, type PeriodViewInput } from "../../src/commands/rooms/period-build.js";
import type { PeriodDay } from "../../src/commands/rooms/period-figures.js";
import { cardToText, checkCardBudget, renderView, MAX_CARD_BYTES } from "../../src/cards/index.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import type { Reservation } from "../../src/feishu/types.js";
import { noShow, reservation } from "../commands/rooms/fixtures.js";

const TZ = "Asia/Shanghai";
const DAY_MS = 86_400_000;
const FIRST = Date.parse("2026-03-01T16:00:00Z");

function days(n: number): PeriodDay[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(FIRST + i * DAY_MS);
    return { date: new Date(start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10), start, end: new Date(start.getTime() + DAY_MS) };
  });
}

/** Long, hostile room and people names: the card must escape them and still fit. */
const roomName = (i: number) => `[${i}](https://evil.example) <at id=all></at> ${"会议室".repeat(12)} ${i}`;

function input(overrides: Partial<PeriodViewInput> = {}): PeriodViewInput {
  const rooms = Array.from({ length: 300 }, (_, i) => ({ roomId: `omm_${i}`, name: roomName(i), roomLevelId: "omb_root" }));
  const reservations: Reservation[] = [];
  for (let d = 0; d < 90; d++) {
    for (let i = 0; i < 120; i++) {
      const start = new Date(FIRST + d * DAY_MS + ((i % 24) + 0.5) * 3_600_000);
      const make = i % 5 === 0 ? noShow : reservation;
      reservations.push(
        make({
          roomId: `omm_${i}`,
          roomName: roomName(i),
          reserver: `<b>person</b> ${i % 60}`,
          reserverId: `ou_${i % 60}`,
          start,
          end: new Date(start.getTime() + 3_600_000),
          durationSeconds: 3600,
        }),
      );
    }
  }
  return {
    args: { period: { days: 90 } },
    from: "2026-03-02",
    to: "2026-05-30",
    days: days(90),
    asOf: undefined,
    loadedDates: days(90).map((day) => day.date),
    done: true,
    reservations,
    rooms,
    truncated: false,
    hours: { startMinute: 540, endMinute: 1080, weekdays: [1, 2, 3, 4, 5] },
    timeZone: TZ,
    admin: true,
    ...overrides,
  };
}

describe("the rooms period card", () => {
  const view = buildRoomsPeriodView(input());

  it("fits the card budget with 90 days, 300 rooms and every hour booked, in both languages, and Feishu's schema accepts it", () => {
    for (const locale of ["zh", "en"] as const) {
      const card = renderView(view, locale);
      expect(checkCardBudget(card).bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
      const check = checkCard(card);
      expect(check.ok, JSON.stringify(check)).toBe(true);
    }
  });

  it("caps the room rows and the unused names, saying how many more there are", () => {
    expect(view.rooms).toHaveLength(MAX_ROOM_ROWS);
    expect(view.moreRooms).toBe(120 - MAX_ROOM_ROWS);
    expect(view.unused).toHaveLength(MAX_UNUSED_NAMES);
    expect(view.moreUnused).toBe(180 - MAX_UNUSED_NAMES);
    const text = cardToText(renderView(view, "zh"));
    expect(text).toContain(`还有 ${120 - MAX_ROOM_ROWS} 间会议室未列出`);
    expect(text).toContain(`另有 ${180 - MAX_UNUSED_NAMES} 间`);
  });

  it("escapes room and people names in markdown (table cells are plain text)", () => {
    const card = renderView(view, "zh") as { body: { elements: Array<{ tag: string; content?: string }> } };
    const markdown = card.body.elements.filter((e) => e.tag === "markdown").map((e) => e.content).join("\n");
    expect(markdown).toContain("&#60;at id=all&#62;");
    expect(markdown).not.toContain("<at id=all>");
    expect(markdown).not.toContain("](https://evil.example)");
    expect(markdown).not.toContain("<b>person</b>");
  });

  it("draws the heatmap as a VChart heatmap over every weekday and hour", () => {
    const card = renderView(view, "en") as { body: { elements: Array<{ tag: string; chart_spec?: Record<string, unknown> }> } };
    const chart = card.body.elements.find((e) => e.tag === "chart")!.chart_spec as { type: string; data: Array<{ values: unknown[] }> };
    expect(chart.type).toBe("heatmap");
    expect(chart.data[0]!.values).toHaveLength(7 * 24);
  });

  it("names repeat no-show bookers to admins only", () => {
    expect(cardToText(renderView(view, "en"))).toContain("Repeat no-show bookers");
    const visitor = buildRoomsPeriodView(input({ admin: false }));
    expect(visitor.noShowBookers).toBeUndefined();
    expect(cardToText(renderView(visitor, "en"))).not.toContain("Repeat no-show bookers");
  });

  it("says how many days are in while loading, with no Export button until the end", () => {
    const loading = buildRoomsPeriodView(input({ loadedDates: days(12).map((day) => day.date), done: false }));
    const text = cardToText(renderView(loading, "zh"));
    expect(text).toContain("已加载 12/90 天");
    expect(loading.exportAction).toBeUndefined();
    // The days the card shows, not `90d` counted again when clicked.
    expect(view.exportAction).toEqual({ cmd: "rooms", args: { period: { from: "2026-03-02", to: "2026-05-30" } }, opens: "file" });
  });

  it("while loading, sets the days in against the hours available on those days only", () => {
    const all = days(90);
    const inSoFar = [all[0]!, all[1]!, all[2]!, all[40]!];
    const fetched = input().reservations.filter((r) => inSoFar.some((day) => r.start !== undefined && r.start >= day.start && r.start < day.end));
    const loading = buildRoomsPeriodView(input({ loadedDates: inSoFar.map((day) => day.date), done: false, reservations: fetched }));
    // The same days as a finished card of their own: the same utilisation, not a fraction of it.
    const alone = buildRoomsPeriodView(input({ days: inSoFar, loadedDates: inSoFar.map((day) => day.date), reservations: fetched }));
    expect(loading.totals.availableSeconds).toBe(alone.totals.availableSeconds);
    expect(loading.totals.availableSeconds).toBeGreaterThan(0);
    expect(loading.rooms.map((room) => room.availableSeconds)).toEqual(alone.rooms.map((room) => room.availableSeconds));
  });
});

describe("the rooms period card in the text console", () => {
  it("prints the heatmap as a grid of shades, a row per weekday, darkest at the busiest hour", async () => {
    const { cardBlock } = await import("../../src/sandbox/console/cards.js");
    const view = buildRoomsPeriodView(
      input({
        reservations: [
          reservation({ start: new Date(FIRST + 10 * 3_600_000), end: new Date(FIRST + 12 * 3_600_000), durationSeconds: 7200 }),
          reservation({ start: new Date(FIRST + DAY_MS + 10 * 3_600_000), end: new Date(FIRST + DAY_MS + 11 * 3_600_000), durationSeconds: 3600 }),
        ],
        rooms: [{ roomId: "omm_a", name: "Room A", roomLevelId: "omb_root" }],
      }),
    );
    const text = cardBlock("[card 1]", { number: 1, messageId: "om", chatId: "oc", buttons: [], pickers: [] }, renderView(view, "en"), { charts: "sparkline" });
    const lines = text.split("\n");
    const title = lines.indexOf("Busiest hours (hours booked, weekday × hour)");
    expect(title).toBeGreaterThan(0);
    const monday = lines.find((line) => line.startsWith("Mon "))!;
    const tuesday = lines.find((line) => line.startsWith("Tue "))!;
    // 09:00–17:00 shown; Monday 10 and 11 booked (full), Tuesday 10 only.
    const cells = (line: string) => line.slice(4).split(" ");
    expect(cells(monday)).toEqual(["··", "██", "██", "··", "··", "··", "··", "··", "··"]);
    expect(cells(tuesday)).toEqual(["··", "██", "··", "··", "··", "··", "··", "··", "··"]);
    expect(lines.findIndex((line) => line.startsWith("Mon "))).toBeGreaterThan(title);
  });
});
