/**
 * `/rooms 30d` end to end: the bot fetches the month day by day from the emulator (slowed down, as a
 * busy Feishu is, so the card shows days arriving), within reservation_list's 100 calls a minute;
 * the final card's utilisation per room is recomputed here from the emulator's own tenant.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import { formatRatio } from "../../src/cards/format.js";
import type { Config } from "../../src/config/types.js";
import type { SentMessage, Tenant } from "../../src/sandbox/emulator/index.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const ADMIN = "ou_period_admin";
const VISITOR = "ou_period_visitor";
const DAYS = 30;

type Card = { body: { elements: Array<Record<string, unknown>> } };

const configure = (c: Config): Config => ({
  ...c,
  bot: { ...c.bot, admins: [ADMIN] },
  access: { ...c.access, userCommandsPerMinute: 0 },
});

/** Booked seconds per room inside 09:00–18:00 on weekdays of the 30 days before today, from the tenant itself. */
function utilisationTruth(tenant: Tenant) {
  const tz = tenant.timezone;
  const days = Array.from({ length: DAYS }, (_, i) => dayjs.tz(tenant.today, tz).subtract(DAYS - i, "day"));
  const weekdays = days.filter((d) => d.day() !== 0 && d.day() !== 6);
  const windows = weekdays.map((d) => ({ start: d.hour(9).unix(), end: d.hour(18).unix() }));
  const available = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  const first = days[0]!.unix();
  const last = days[DAYS - 1]!.add(1, "day").unix();
  const booked = new Map<string, number>();
  const booker = new Map<string, number>();
  for (const r of tenant.reservations) {
    if (r.startTime < first || r.startTime >= last) continue;
    const name = tenant.rooms.find((room) => room.roomId === r.roomId)!.name;
    booked.set(name, booked.get(name) ?? 0);
    if (!r.checkIn && r.release?.kind === "auto" && r.status === "预定成功") {
      const who = r.reserver.kind === "user" ? r.reserver.openId : r.reserver.appId;
      booker.set(who, (booker.get(who) ?? 0) + 1);
    }
    if (r.status !== "预定成功") continue;
    for (const w of windows) booked.set(name, booked.get(name)! + Math.max(0, Math.min(r.endTime, w.end) - Math.max(r.startTime, w.start)));
  }
  const unused = tenant.rooms.filter((room) => !booked.has(room.name)).map((room) => room.name);
  const repeatNoShows = [...booker.values()].filter((n) => n >= 2).length;
  return { available, booked, unused, repeatNoShows, from: days[0]!.format("YYYY-MM-DD"), to: days[DAYS - 1]!.format("YYYY-MM-DD") };
}

const tableRows = (card: Card) =>
  (card.body.elements.find((e) => e.tag === "table")?.rows ?? []) as Array<{ room: string; utilisation: string }>;
const heatmap = (card: Card) =>
  card.body.elements.find((e) => e.tag === "chart" && (e.chart_spec as { type?: string }).type === "heatmap")?.chart_spec as
    | { data: Array<{ values: Array<{ weekday: string; hour: string; hours: number }> }> }
    | undefined;

describe("/rooms over a period, end to end", () => {
  let sandbox: RunningSandbox;
  let tenant: Tenant;
  const clock = anchoredClock();

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: configure, emulator: { now: clock } });
    tenant = sandbox.emulator.tenant;
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  /** Asks, then waits for the final card: the patch of the reply that no longer says days are loading. */
  async function ask(text: string, senderOpenId: string, chatType: "group" | "p2p" = "group"): Promise<{ first: SentMessage; patches: SentMessage[]; final: Card }> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group", senderOpenId });
    expect(delivery.status).toBe(200);
    const first = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 10_000, `a reply to ${text}`);
    const patchesOf = () => sandbox.emulator.sent().filter((s) => s.kind === "patch" && s.messageId === first.messageId);
    const final = await waitFor(() => patchesOf().find((s) => !cardToText(s.card).includes("已加载")), 20_000, "the final card");
    return { first, patches: patchesOf(), final: final.card as Card };
  }

  it("shows each room's utilisation as the tenant's reservations give it, the heatmap, unused rooms and progress, with no 429", async () => {
    // A slow Feishu: each day takes a moment, so the card shows days arriving.
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 300 }, times: "always" });
    const { first, patches, final } = await ask(`/rooms ${DAYS}d`, ADMIN, "p2p");
    const truth = utilisationTruth(tenant);

    expect(cardToText(first.card)).toContain(`已加载 0/${DAYS} 天`);
    const progress = patches.slice(0, -1).map((p) => cardToText(p.card));
    expect(progress.some((text) => new RegExp(`已加载 ([1-9]\\d*)/${DAYS} 天`).test(text)), "a progress patch before the final card").toBe(true);
    expect(patches.at(-1)!.card).toEqual(final);
    const text = cardToText(final);
    expect(text).toContain("导出 Excel");
    expect(text).toContain(`会议室使用率 · ${truth.from} 至 ${truth.to}`);

    const rows = tableRows(final);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows) {
      expect(row.utilisation, row.room).toBe(formatRatio(truth.booked.get(row.room)!, truth.available, "zh"));
    }
    const totalBooked = [...truth.booked.values()].reduce((a, b) => a + b, 0);
    expect(text).toContain(`使用率 **${formatRatio(totalBooked, truth.available * tenant.rooms.length, "zh")}**`);

    expect(truth.unused.length).toBeGreaterThan(0);
    for (const room of truth.unused) expect(text).toContain(room);

    const chart = heatmap(final);
    expect(chart).toBeDefined();
    const cells = chart!.data[0]!.values;
    const busiest = cells.reduce((a, b) => (b.hours > a.hours ? b : a));
    expect(["周一", "周二", "周三", "周四", "周五"]).toContain(busiest.weekday);
    expect(busiest.hours).toBeGreaterThan(0);

    expect(truth.repeatNoShows).toBeGreaterThan(0);
    expect(text).toContain("多次未到场的预定人");

    const calls = sandbox.emulator.calls();
    expect(calls.filter((c) => c.status === 429 || c.code === 99991400)).toEqual([]);
    const reservationCalls = calls.filter((c) => c.endpoint === "reservation_list");
    expect(reservationCalls.length).toBeGreaterThanOrEqual(DAYS);
    for (const call of reservationCalls) expect(Number(call.query.end_time) - Number(call.query.start_time)).toBeLessThan(86_400);
  });

  it("shows repeat no-show bookers to admins in a direct chat only, and asks Feishu for past days once", async () => {
    // An admin asking in the group: every member sees the card, so it names nobody.
    expect(cardToText((await ask(`/rooms ${DAYS}d`, ADMIN)).final)).not.toContain("多次未到场的预定人");
    sandbox.emulator.reset();
    const { final } = await ask(`/会议室 ${DAYS}天`, VISITOR);
    const text = cardToText(final);
    expect(text).toContain("会议室使用率");
    expect(text).not.toContain("多次未到场的预定人");
    // Past days are settled: the gateway's cache answers them (cache-policy.ts rangeTtl).
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "reservation_list")).toEqual([]);
  });
});
