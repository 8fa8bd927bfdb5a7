/** Each command's export tables: every row of the data, headers in the asker's language, minutes as numbers, no password where a card would not show one. */
import { describe, expect, it } from "vitest";
import { meetingCommand } from "../../src/commands/meeting/index.js";
import { meetingDetailExport } from "../../src/commands/meeting/export.js";
import { MAX_COUNTED } from "../../src/commands/meeting/summary.js";
import { roomsCommand, type RoomsDayData } from "../../src/commands/rooms/index.js";
import type { ExportFile } from "../../src/commands/export.js";
import type { CommandContext } from "../../src/commands/types.js";
import { fakeGateway } from "../commands/meeting/fake-gateway.js";
import { meeting, MIN, participant, T0 } from "../commands/meeting/fixtures.js";
import { reservation } from "../commands/rooms/fixtures.js";
import { testContext, testDeps } from "../helpers/context.js";

const column = (file: ExportFile, header: string, sheet = 0) => file.sheets[sheet]!.rows.map((row) => row[file.sheets[sheet]!.columns.find((c) => c.header === header)!.key]);

function withPasswords(ctx: CommandContext, show: boolean): CommandContext {
  return { ...ctx, deps: { ...ctx.deps, config: { ...ctx.deps.config, bot: { ...ctx.deps.config.bot, showPasswordInP2p: show } } } };
}

describe("/meeting list export", () => {
  const series = (n: number) =>
    Array.from({ length: n }, (_, i) => meeting({ id: String(7000000000000000000n + BigInt(i)), topic: `Sync ${i}`, startTime: new Date(T0 + i * 60 * MIN), endTime: new Date(T0 + i * 60 * MIN + (20 + i) * MIN) }));
  const args = { kind: "number" as const, meetingNo: "123456789", list: { startSec: T0 / 1000 - 60, endSec: T0 / 1000 + 2000 * 3600, count: 0, countCapped: false, totalSeconds: 0, measured: 0 } };
  const now = T0 + 2001 * 3600 * 1000;

  it("holds every meeting of the window (all list pages), newest first, with durations in minutes", async () => {
    const meetings = series(120);
    const { gateway, listCalls } = fakeGateway(meetings);
    const ctx = testContext({ locale: "en", deps: testDeps({ gateway, now: () => now }) });
    const data = await meetingCommand.queryAll!(args, ctx);
    const file = meetingCommand.export!(data, ctx);
    expect(listCalls.length).toBeGreaterThan(1);
    expect(column(file, "Meeting ID")).toEqual(meetings.map((m) => m.id).reverse());
    expect(column(file, "Topic")).toEqual(meetings.map((m) => m.topic).reverse());
    expect(column(file, "Duration (min)")).toEqual(meetings.map((_, i) => 20 + i).reverse());
    expect(column(file, "Start")[0]).toEqual(meetings.at(-1)!.startTime);
    expect(file.sheets[1]!.rows.some((r) => String(r.value).includes("only the earliest"))).toBe(false);
    expect(JSON.stringify(file)).not.toContain("971024");
  });

  it("says in the file when the list was longer than it holds", async () => {
    const { gateway } = fakeGateway(series(MAX_COUNTED + 30));
    const ctx = testContext({ deps: testDeps({ gateway, now: () => now }) });
    const file = meetingCommand.export!(await meetingCommand.queryAll!(args, ctx), ctx);
    expect(file.sheets[0]!.rows).toHaveLength(MAX_COUNTED);
    expect(file.sheets[1]!.rows.map((r) => r.value)).toContainEqual(expect.stringContaining(`只导出了最早的 ${MAX_COUNTED} 场`));
  });
});

describe("/meeting detail export", () => {
  const crowd = Array.from({ length: 40 }, (_, i) => participant({ id: `ou_${String(i).padStart(2, "0")}`, firstJoinTime: new Date(T0 + (40 - i) * MIN), inMeetingSeconds: 90 * i }));
  const detail = { detail: meeting({ participants: crowd }), now: T0 + 120 * MIN };

  it("holds every participant, in the card's order (first join), minutes as numbers", () => {
    const file = meetingDetailExport(detail, testContext());
    expect(column(file, "参会人 ID")).toEqual(crowd.map((p) => p.id).reverse());
    expect(column(file, "在会时长（分钟）")).toEqual(crowd.map((_, i) => Math.round((90 * i) / 60)).reverse());
  });

  it("carries the password only where the card shows it: a direct chat whose config allows it", () => {
    const has = (ctx: CommandContext) => JSON.stringify(meetingDetailExport(detail, ctx)).includes("971024");
    expect(has(withPasswords(testContext({ chatType: "group" }), true))).toBe(false);
    expect(has(withPasswords(testContext({ chatType: "p2p" }), false))).toBe(false);
    expect(has(withPasswords(testContext({ chatType: "p2p" }), true))).toBe(true);
  });
});

describe("/rooms day export", () => {
  const data = (over: Partial<RoomsDayData> = {}): RoomsDayData => ({
    args: { date: "2026-03-02" },
    roomNames: [],
    relative: undefined,
    asOf: undefined,
    until: undefined,
    reservations: [
      reservation({ roomName: "Room B", title: "b1" }),
      reservation({ roomName: "Room A", title: "a2", start: new Date("2026-03-02T03:00:00Z"), durationSeconds: 1800 }),
      reservation({ roomName: "Room A", title: "a1" }),
      reservation({ roomName: "Board", title: "x", status: { kind: "unknown", raw: "奇怪的状态" } }),
    ],
    truncated: false,
    ...over,
  });

  it("holds every reservation of the day in the card's order, durations in minutes, headers in the asker's language", () => {
    const file = roomsCommand.export!(data(), testContext({ locale: "en" }));
    expect(file.fileName).toBe("Room reservations 2026-03-02.xlsx");
    expect(column(file, "Title")).toEqual(["x", "a1", "a2", "b1"]);
    expect(column(file, "Duration (min)")).toEqual([60, 60, 30, 60]);
    // A display string no documented form matched stays as Feishu wrote it.
    expect(column(file, "Status")).toEqual(["奇怪的状态", "Reserved", "Reserved", "Reserved"]);
    expect(file.sheets).toHaveLength(1);
  });

  it("applies the room filter, and says so when the day was cut short", () => {
    const file = roomsCommand.export!(data({ args: { date: "2026-03-02", filter: "room a" }, truncated: true }), testContext());
    expect(column(file, "会议主题")).toEqual(["a1", "a2"]);
    expect(file.fileName).toBe("会议室预定 2026-03-02 room a.xlsx");
    expect(file.sheets[1]!.rows[0]!.note).toMatch(/只导出了前一部分/);
  });
});
