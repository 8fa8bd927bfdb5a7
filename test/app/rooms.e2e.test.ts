/**
 * `/rooms` end to end: signed events into the webhook, the bot querying the emulator through the real
 * SDK, replies and button clicks checked against the emulator's tenant (its ground truth).
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import { formatCount, formatDuration, formatRatio } from "../../src/cards/format.js";
import type { Reservation as TenantReservation, Tenant } from "../../src/sandbox/emulator/index.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";
import { ROOMS_PAGE_SIZE } from "../../src/commands/rooms/index.js";
import type { Config } from "../../src/config/types.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own (access.e2e.test.ts). */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

dayjs.extend(utc);
dayjs.extend(timezone);

type Card = Record<string, unknown>;
type Button = { tag: string; text: { content: string }; behaviors: Array<{ value: Record<string, unknown> }> };

const local = (unixSec: number, tz: string) => dayjs.unix(unixSec).tz(tz);

/** What the tenant holds for one local day, as the API shows it by `now` (seconds). */
function truthFor(tenant: Tenant, date: string, opts: { nowSec: number; endSec?: number; filter?: string; roomIds?: Set<string> }) {
  const tz = tenant.timezone;
  const start = dayjs.tz(date, tz).unix();
  const end = opts.endSec ?? dayjs.tz(date, tz).add(1, "day").unix() - 1;
  const roomName = new Map(tenant.rooms.map((r) => [r.roomId, r.name]));
  const rows = tenant.reservations.filter(
    (r) =>
      r.startTime >= start &&
      r.startTime <= end &&
      (opts.roomIds === undefined || opts.roomIds.has(r.roomId)) &&
      (opts.filter === undefined || roomName.get(r.roomId)!.toLowerCase().includes(opts.filter.toLowerCase())),
  );
  const now = opts.nowSec;
  const confirmed = rows.filter((r) => r.status === "预定成功");
  const checkedIn = (r: TenantReservation) => r.checkIn !== undefined && r.checkIn.time <= now;
  const released = (r: TenantReservation) => r.release !== undefined && r.release.time <= now;
  const manual = rows.filter((r) => released(r) && r.release!.kind === "manual");
  return {
    rows,
    keys: rows.map((r) => `${roomName.get(r.roomId)}|${local(r.startTime, tz).format("HH:mm")}`).sort(),
    titles: rows.map((r) => r.eventTitle),
    rooms: new Set(rows.map((r) => r.roomId)).size,
    approving: rows.length - confirmed.length,
    checkedIn: confirmed.filter(checkedIn).length,
    due: confirmed.filter((r) => checkedIn(r) || now >= r.startTime + 15 * 60).length,
    noShows: confirmed.filter((r) => !checkedIn(r) && released(r) && r.release!.kind === "auto").length,
    // Past the check-in time without a check-in, the room not released automatically.
    missed: confirmed.filter((r) => !checkedIn(r) && now >= r.startTime + 15 * 60 && !(released(r) && r.release!.kind === "auto")).length,
    // Check-in still open: started less than 15 minutes ago (or not yet), nobody checked in.
    notYetDue: confirmed.filter((r) => !checkedIn(r) && now < r.startTime + 15 * 60 && !(released(r) && r.release!.kind === "auto")).length,
    releasedEarly: manual.length,
    // From the release, or the start when released before it began, to the end.
    secondsGivenBack: manual.reduce((sum, r) => sum + Math.min(r.endTime - r.startTime, Math.max(0, r.endTime - Math.max(r.release!.time, r.startTime))), 0),
    accepted: rows.reduce((sum, r) => sum + r.accepted, 0),
    invited: rows.reduce((sum, r) => sum + r.guests, 0),
  };
}

/** The reservation lines of a card as "room|HH:mm", with each line's text. */
function listedRows(card: Card): Array<{ key: string; line: string }> {
  const out: Array<{ key: string; line: string }> = [];
  let room = "";
  for (const line of cardToText(card).split("\n")) {
    const heading = /^\*\*(.+)\*\*$/.exec(line);
    if (heading) room = heading[1]!;
    const time = /^(\d\d:\d\d|\?)–/.exec(line);
    if (time) out.push({ key: `${room}|${time[1]}`, line });
  }
  return out;
}

function pagerButtons(card: Card): Button[] {
  const elements = (card.body as { elements: Array<{ tag: string; columns?: Array<{ elements: Button[] }> }> }).elements;
  return elements
    .filter((e) => e.tag === "column_set")
    .flatMap((e) => e.columns ?? [])
    .flatMap((c) => c.elements)
    .filter((e) => e.tag === "button");
}

const button = (card: Card, label: string) => pagerButtons(card).find((b) => b.text.content === label);

describe("/rooms end to end", () => {
  let sandbox: RunningSandbox;
  let tenant: Tenant;
  let today: string;
  /** The day before today with the most reservations (100+ on a weekday). */
  let busyDay: string;
  /** Shared by the emulator, the bot and the expectations: "today" is one day for all three. */
  const clock = anchoredClock();
  const nowSec = () => Math.floor(clock() / 1000);

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited, emulator: { now: clock } });
    tenant = sandbox.emulator.tenant;
    today = tenant.today;
    const counts = new Map<string, number>();
    const oldest = dayjs(today).subtract(89, "day").format("YYYY-MM-DD");
    for (const r of tenant.reservations) {
      const date = local(r.startTime, tenant.timezone).format("YYYY-MM-DD");
      if (date < today && date >= oldest) counts.set(date, (counts.get(date) ?? 0) + 1);
    }
    busyDay = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  async function ask(text: string, chatType: "group" | "p2p" = "group"): Promise<{ card: Card; messageId: string }> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group" });
    expect(delivery.status).toBe(200);
    const [reply] = await waitFor(() => {
      const replies = sandbox.emulator.sent().filter((s) => s.parentId === delivery.messageId);
      return replies.length > 0 ? replies : undefined;
    }, 10_000, `a reply to ${text}`);
    return { card: reply!.card as Card, messageId: reply!.messageId };
  }

  async function click(card: Card, label: string, messageId: string): Promise<Card> {
    const target = button(card, label);
    expect(target, `a "${label}" button`).toBeDefined();
    const result = await sandbox.emulator.pushCardAction({ value: target!.behaviors[0]!.value, openMessageId: messageId });
    expect(result.clientError).toBeUndefined();
    expect(result.cardReplaced).toBe(true);
    const answer = result.answer as { card: { type: string; data: Card } };
    expect(answer.card.type).toBe("raw");
    expect(answer.card.data.schema).toBe("2.0");
    return answer.card.data;
  }

  const reservationCalls = () => sandbox.emulator.calls().filter((c) => c.endpoint === "reservation_list");
  /** Every reservation call so far named the root level and every room of the tenant, and was answered. */
  const expectStrictReservationCalls = () => {
    const root = tenant.roomLevels.find((l) => l.parentId === "0")!.roomLevelId;
    const calls = reservationCalls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.code).toBe(0);
      expect(call.query.room_level_id).toBe(root);
      expect([call.query.room_ids ?? []].flat().sort()).toEqual(tenant.rooms.map((r) => r.roomId).sort());
    }
  };

  it("answers with the day's figures, matching the tenant", async () => {
    const { card } = await ask(`/rooms ${busyDay}`);
    const truth = truthFor(tenant, busyDay, { nowSec: nowSec() });
    expect(truth.rows.length).toBeGreaterThanOrEqual(100);
    const text = cardToText(card);
    expect(text).toContain(`【会议室预定 · ${busyDay}】`);
    expect(text).toContain(`预定 **${formatCount(truth.rows.length, "zh")}** 个 · 用到的会议室 **${formatCount(truth.rooms, "zh")}** 间`);
    if (truth.approving > 0) expect(text).toContain(`审批中 **${formatCount(truth.approving, "zh")}** 个`);
    expect(text).toContain(`签到率 **${formatRatio(truth.checkedIn, truth.due, "zh")}**（${formatCount(truth.checkedIn, "zh")}/${formatCount(truth.due, "zh")}）`);
    expect(text).toContain(`未到场 **${formatCount(truth.noShows, "zh")}** 个`);
    expect(text).toContain(`提前释放 **${formatCount(truth.releasedEarly, "zh")}** 个，归还 **${formatDuration(truth.secondsGivenBack, "zh")}**`);
    expect(text).toContain(`邀约接受 **${formatCount(truth.accepted, "zh")}/${formatCount(truth.invited, "zh")}**`);
    expect(text).toContain(`共 ${truth.rows.length} 个`);
    // All pages of the day were fetched, 100 at a time, with topics.
    const calls = reservationCalls();
    expect(calls).toHaveLength(Math.ceil(truth.rows.length / 100));
    expect(calls[0]!.query).toMatchObject({ page_size: "100", need_topic: "true" });
    // With no rooms config, the call Feishu's schema accepts: the tenant's root level and its rooms listed.
    expectStrictReservationCalls();
  });

  it("pages through a 100+ reservation day showing each reservation exactly once, and back again", async () => {
    const truth = truthFor(tenant, busyDay, { nowSec: nowSec() });
    const first = await ask(`/rooms ${busyDay}`);
    const forward: Array<Array<{ key: string; line: string }>> = [listedRows(first.card)];
    let card = first.card;
    while (button(card, "下一页")) {
      card = await click(card, "下一页", first.messageId);
      forward.push(listedRows(card));
      expect(cardToText(card)).toContain(`第 ${forward.length}/`);
    }
    expect(forward.length).toBe(Math.ceil(truth.rows.length / ROOMS_PAGE_SIZE));
    expect(forward.every((page) => page.length > 0 && page.length <= ROOMS_PAGE_SIZE)).toBe(true);
    expect(forward.flat().map((r) => r.key).sort()).toEqual(truth.keys);
    const lines = forward.flat().map((r) => r.line);
    for (const title of truth.titles) {
      const shown = [...title.replace(/\s+/g, " ").trim()].slice(0, 59).join("");
      expect(lines.some((line) => line.includes(shown)), `title ${title}`).toBe(true);
    }

    const backward: Array<Array<{ key: string; line: string }>> = [forward[forward.length - 1]!];
    while (button(card, "上一页")) {
      card = await click(card, "上一页", first.messageId);
      backward.unshift(listedRows(card));
    }
    expect(backward.map((page) => page.map((r) => r.key))).toEqual(forward.map((page) => page.map((r) => r.key)));
    // Whatever the clicks had to ask Feishu for (the gateway caches a settled day), Feishu accepted.
    expect(sandbox.emulator.calls().every((c) => c.code === 0)).toBe(true);
  });

  it("jumps to the last page and back to the first on a day of many pages", async () => {
    const truth = truthFor(tenant, busyDay, { nowSec: nowSec() });
    const pages = Math.ceil(truth.rows.length / ROOMS_PAGE_SIZE);
    const first = await ask(`/rooms ${busyDay}`);
    expect(button(first.card, "« 首页")).toBeUndefined();
    const last = await click(first.card, "末页 »", first.messageId);
    expect(cardToText(last)).toContain(`第 ${pages}/${pages} 页`);
    expect(listedRows(last)).toHaveLength(truth.rows.length - (pages - 1) * ROOMS_PAGE_SIZE);
    expect(button(last, "末页 »")).toBeUndefined();
    expect(button(last, "下一页")).toBeUndefined();
    const back = await click(last, "« 首页", first.messageId);
    expect(listedRows(back)).toEqual(listedRows(first.card));
  });

  it("filters by room name, case-insensitively, in the summary, the list and the buttons", async () => {
    const asked = nowSec();
    // A filter matching more than one page, so the Next button and its click are really exercised.
    // Latin words ("Pearl") and floors ("20F-"), in lower case: both test that matching ignores case.
    const words = tenant.rooms.flatMap((r) => [/([A-Za-z]{4,})$/.exec(r.name)?.[1], /^(\d+F-)/.exec(r.name)?.[1]]);
    const filter = [...new Set(words.filter((w): w is string => w !== undefined).map((w) => w.toLowerCase()))].find(
      (w) => truthFor(tenant, busyDay, { nowSec: asked, filter: w }).rows.length > ROOMS_PAGE_SIZE,
    );
    expect(filter, "a room-name word with more than a page of reservations on the busy day").toBeDefined();
    const truth = truthFor(tenant, busyDay, { nowSec: asked, filter: filter! });
    const { card, messageId } = await ask(`/rooms ${busyDay} ${filter!.toUpperCase()}`);
    const text = cardToText(card);
    expect(text).toContain(`会议室名称含「${filter!.toUpperCase()}」`);
    expect(text).toContain(`预定 **${truth.rows.length}** 个`);
    const shown = listedRows(card);
    expect(shown.length).toBe(ROOMS_PAGE_SIZE);
    expect(shown.every((r) => r.key.toLowerCase().includes(filter!))).toBe(true);
    const next = button(card, "下一页");
    expect(plainValue(next!.behaviors[0]!.value).args).toEqual({ date: busyDay, filter: filter!.toUpperCase() });
    const second = await click(card, "下一页", messageId);
    expect(cardToText(second)).toContain(`预定 **${truth.rows.length}** 个`);
    const page2 = listedRows(second);
    expect(page2.length).toBe(Math.min(ROOMS_PAGE_SIZE, truth.rows.length - ROOMS_PAGE_SIZE));
    expect(page2.every((r) => r.key.toLowerCase().includes(filter!))).toBe(true);
    expect(page2.some((r) => shown.some((s) => s.key === r.key && s.line === r.line))).toBe(false);
  });

  it("answers /会议室 今天 with the reservations started so far, the window ending now", async () => {
    const { card } = await ask("/会议室 今天", "p2p");
    const [call] = reservationCalls();
    const end = Number(call!.query.end_time);
    expect(end).toBeLessThanOrEqual(nowSec());
    expect(Number(call!.query.start_time)).toBe(dayjs.tz(today, tenant.timezone).unix());
    const truth = truthFor(tenant, today, { nowSec: end, endSec: end });
    const text = cardToText(card);
    expect(text).toContain(`【会议室预定 · 今天 ${today}】`);
    expect(text).toMatch(/截至 \d\d:\d\d/);
    expect(text).toContain(`预定 **${truth.rows.length}** 个`);
    // The buttons keep this window (up to, not including, the second after the last one asked for).
    for (const b of pagerButtons(card)) expect(plainValue(b.behaviors[0]!.value)).toMatchObject({ args: { date: today, until: end + 1 } });
    expectStrictReservationCalls();
  });

  it("splits today's reservations into groups that add up, leaving those whose check-in is not yet due out of the rate", async () => {
    const { card } = await ask("/rooms today");
    // The window the card covers (a cached answer to an earlier test's "today" may have made no call): its buttons keep its end.
    const end = (plainValue(pagerButtons(card)[0]!.behaviors[0]!.value).args as { until: number }).until - 1;
    const truth = truthFor(tenant, today, { nowSec: end, endSec: end });
    // The anchored clock (15:00 on a weekday) has meetings that began minutes ago, nobody checked in yet.
    expect(truth.notYetDue).toBeGreaterThan(0);
    expect(truth.missed).toBeGreaterThan(0);
    const text = cardToText(card);
    const groups = text.split("\n").find((line) => line.startsWith("其中："));
    expect(groups).toBe(
      `其中：已签到 **${truth.checkedIn}** 个 · 未到场 **${truth.noShows}** 个（未签到，已自动释放） · 未签到 **${truth.missed}** 个（会议室未释放） · ` +
        `签到未截止 **${truth.notYetDue}** 个（不计入签到率）` +
        (truth.approving > 0 ? ` · 审批中 **${truth.approving}** 个` : ""),
    );
    const shown = [...groups!.matchAll(/\*\*(\d+)\*\*/g)].map((m) => Number(m[1]));
    expect(shown.reduce((a, b) => a + b, 0)).toBe(truth.rows.length);
    expect(text).toContain(`预定 **${truth.rows.length}** 个`);
    // The rate's denominator is the settled check-ins only: checked in, no-shows and missed.
    const settled = truth.checkedIn + truth.noShows + truth.missed;
    expect(settled).toBe(truth.rows.length - truth.approving - truth.notYetDue);
    expect(text).toContain(`签到率 **${formatRatio(truth.checkedIn, settled, "zh")}**（${truth.checkedIn}/${settled}）`);
  });

  it.each([
    ["tomorrow", "还没到"],
    ["明天", "还没到"],
    ["future", "还没到"],
    ["too old", "最近 90 天"],
  ])("refuses %s with a card that says why, without calling Feishu", async (which, why) => {
    const arg =
      which === "future"
        ? dayjs(today).add(3, "day").format("YYYY-MM-DD")
        : which === "too old"
          ? dayjs(today).subtract(120, "day").format("YYYY-MM-DD")
          : which;
    const { card } = await ask(`/rooms ${arg}`);
    const text = cardToText(card);
    expect(text).toContain("【/rooms 的用法】");
    expect(text).toContain(why);
    expect(reservationCalls()).toHaveLength(0);
  });

  it("answers a malformed date with the usage card and an example", async () => {
    const { card } = await ask("/rooms 2026-13-45");
    const text = cardToText(card);
    expect(text).toContain("「2026-13-45」不是有效的日期");
    expect(text).toContain("/rooms yesterday");
    expect(reservationCalls()).toHaveLength(0);
  });

  it("answers a Feishu permission error with an error card, not a reservations card", async () => {
    sandbox.emulator.injectFault({
      endpoint: "reservation_list",
      effect: { kind: "code", code: 121005, httpStatus: 403 },
      times: "once",
    });
    // A day no earlier test asked for: the gateway caches answers, and a cached day never reaches Feishu.
    const { card } = await ask("/rooms yesterday");
    const text = cardToText(card);
    expect(text).not.toContain("概览");
    expect(text).not.toContain("会议室预定");
    expect(reservationCalls()[0]!.code).toBe(121005);
  });
});

describe("/rooms with a room level in app.yaml", () => {
  let sandbox: RunningSandbox | undefined;
  afterAll(async () => {
    await sandbox?.close();
  });

  it("lists only the rooms under that level", async () => {
    // One clock for the probe, the sandbox, the bot and "yesterday" below: a run crossing local
    // midnight on the wall clock cannot make the bot's "yesterday" the tenant's "today".
    const clock = anchoredClock();
    // The tenant depends only on the seed and the day, so a first look tells which level to configure.
    const probe = await startTestSandbox({ emulator: { now: clock } });
    const tenant = probe.emulator.tenant;
    await probe.close();
    const root = tenant.roomLevels.find((l) => l.parentId === "0")!;
    const building = tenant.roomLevels.find((l) => l.parentId === root.roomLevelId)!;
    sandbox = await startTestSandbox({
      config: (c) => unlimited({ ...c, rooms: { ...c.rooms, roomLevelId: building.roomLevelId } }),
      emulator: { now: clock },
    });
    expect(sandbox.emulator.tenant.today).toBe(tenant.today);
    const levels = new Map(tenant.roomLevels.map((l) => [l.roomLevelId, l]));
    const under = new Set(
      tenant.rooms
        .filter((r) => r.roomLevelId === building.roomLevelId || levels.get(r.roomLevelId)!.path.includes(building.roomLevelId))
        .map((r) => r.roomId),
    );
    const yesterday = dayjs(tenant.today).subtract(1, "day").format("YYYY-MM-DD");
    const truth = truthFor(tenant, yesterday, { nowSec: Math.floor(clock() / 1000), roomIds: under });
    const delivery = await sandbox.emulator.pushMessage({ text: "/rooms yesterday", chatType: "p2p" });
    const [reply] = await waitFor(() => {
      const replies = sandbox!.emulator.sent().filter((s) => s.parentId === delivery.messageId);
      return replies.length > 0 ? replies : undefined;
    }, 10_000);
    const call = sandbox.emulator.calls().find((c) => c.endpoint === "reservation_list")!;
    expect(call.query.room_level_id).toBe(building.roomLevelId);
    expect([call.query.room_ids ?? []].flat().sort()).toEqual([...under].sort());
    expect(cardToText(reply!.card)).toContain(`预定 **${truth.rows.length}** 个 · 用到的会议室 **${truth.rooms}** 间`);
  });
});
