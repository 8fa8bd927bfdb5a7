/**
 * Digests end to end: the scheduler on a fake clock shared with the bot and the emulator, posting
 * through the real SDK over HTTP. The card must carry yesterday's true totals from the emulator's
 * tenant (its ground truth), and each section's button must open the full command card.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText, checkCardBudget } from "../../src/cards/index.js";
import { peekSealed } from "../../src/cards/seal.js";
import { formatCount, formatDuration } from "../../src/cards/format.js";
import type { DigestConfig } from "../../src/config/types.js";
import { createFeishuGateway, createLarkClient } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import type { Tenant } from "../../src/sandbox/emulator/index.js";
import { sendUuid, startScheduler, type Scheduler } from "../../src/schedule/index.js";
import { latestOccurrence } from "../../src/time/cron.js";
import { MemoryStore } from "../../src/store/index.js";
import { FakeClock } from "../schedule/fake-clock.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";
import { at } from "../../src/cards/views/access.i18n.js";

dayjs.extend(utc);
dayjs.extend(timezone);

type Card = Record<string, unknown>;
type Button = { tag: string; text: { content: string }; behaviors: Array<{ value: Record<string, unknown> }> };

const GROUP = "oc_sandbox_group";
const ADMIN = "ou_sandbox_user";
/** Someone in the digest's chat who is not an admin. */
const VISITOR = "ou_visitor";
const ZONE = "Asia/Shanghai";

function buttons(node: unknown): Button[] {
  if (Array.isArray(node)) return node.flatMap(buttons);
  if (typeof node !== "object" || node === null) return [];
  const element = node as Button;
  return element.tag === "button" ? [element] : Object.values(element).flatMap(buttons);
}

/** Yesterday's room figures as the API shows them once the day is over. */
function roomsTruth(tenant: Tenant, date: string) {
  const start = dayjs.tz(date, ZONE).unix();
  const end = dayjs.tz(date, ZONE).add(1, "day").unix() - 1;
  const rows = tenant.reservations.filter((r) => r.startTime >= start && r.startTime <= end);
  const confirmed = rows.filter((r) => r.status === "预定成功");
  const checkedIn = confirmed.filter((r) => r.checkIn !== undefined).length;
  return {
    reservations: rows.length,
    rooms: new Set(rows.map((r) => r.roomId)).size,
    checkedIn,
    due: confirmed.filter((r) => r.checkIn !== undefined || r.release?.kind === "auto" || r.startTime + 15 * 60 <= end).length,
    noShows: confirmed.filter((r) => r.checkIn === undefined && r.release?.kind === "auto").length,
  };
}

describe("scheduled digests end to end", () => {
  let sandbox: RunningSandbox;
  let scheduler: Scheduler;
  let clock: FakeClock;
  let occurrence: number;
  let digest: DigestConfig;
  const sizes: Array<{ bytes: number; elements: number }> = [];

  beforeAll(async () => {
    // The last 09:00 in Shanghai, less half a minute: the run is still to come when the bot starts.
    occurrence = latestOccurrence({ cron: "0 9 * * *", timezone: ZONE }, Date.now())!;
    clock = new FakeClock(occurrence - 30_000);
    // The clock stands still while requests fly, so the emulator's per-minute windows would never
    // roll over; rate limits have their own tests.
    sandbox = await startTestSandbox({
      emulator: { now: clock.now, rateLimits: false, timezone: ZONE },
      config: (c) => {
        digest = {
          name: "morning",
          chats: [GROUP],
          cron: "0 9 * * *",
          timezone: ZONE,
          locale: "zh",
          sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }, { kind: "meeting", meetingNo: "000000000" }],
          catchUpMinutes: 360,
        };
        return { ...c, bot: { ...c.bot, timezone: ZONE, admins: [ADMIN] }, digests: [digest] };
      },
    });
    // The busy meeting number is known once the tenant exists.
    digest.sections[3] = { kind: "meeting", meetingNo: sandbox.emulator.tenant.notable.busyMeetingNo };
    const logger = silentLogger();
    const config = sandbox.config;
    const gateway = createFeishuGateway(createLarkClient(config.feishu, logger), { appId: config.feishu.appId, logger, timezone: ZONE, now: clock.now });
    scheduler = startScheduler({ config, gateway, store: new MemoryStore({ now: clock.now }), logger, now: clock.now, timers: clock });
  });
  afterAll(async () => {
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, elements: 0 });
    console.info(`largest digest card end to end: ${largest.bytes} bytes, ${largest.elements} elements`);
    await scheduler.stop();
    await sandbox.close();
  });

  const digestsSent = () => sandbox.emulator.sent().filter((s) => s.kind === "create" && s.chatId === GROUP);

  it("posts at 09:00 with yesterday's true totals, each section opening its full card", async () => {
    await scheduler.idle();
    expect(digestsSent()).toHaveLength(0);
    clock.advanceTo(occurrence);
    await scheduler.idle();
    const [posted] = digestsSent();
    expect(digestsSent()).toHaveLength(1);
    expect(posted!.uuid).toBe(sendUuid("morning", dayjs(occurrence).tz(ZONE).format("YYYY-MM-DDTHH:mm"), GROUP));
    const card = posted!.card as Card;
    sizes.push(checkCardBudget(card));
    const text = cardToText(card);

    const tenant = sandbox.emulator.tenant;
    const yesterday = dayjs(occurrence).tz(ZONE).subtract(1, "day").format("YYYY-MM-DD");
    const report = tenant.dailyReports.find((d) => d.date === yesterday)!;
    expect(report.meetingCount).toBeGreaterThan(0);
    expect(text).toContain(`**会议概况** · 昨天 ${yesterday}`);
    expect(text).toContain(
      `会议 **${formatCount(report.meetingCount, "zh")}** 场`,
    );
    expect(text).toContain(`时长 **${formatDuration(report.meetingDuration, "zh")}** · 参会 **${formatCount(report.participantCount, "zh")}** 人次`);
    const week = tenant.dailyReports.filter((d) => d.date <= yesterday).slice(-7);
    expect(text).toContain(`会议 ${formatCount(week.reduce((a, d) => a + d.meetingCount, 0), "zh")} 场`);
    expect(text).toContain("[chart: bar");

    const rooms = roomsTruth(tenant, yesterday);
    expect(rooms.reservations).toBeGreaterThan(0);
    expect(text).toContain(`预定 **${rooms.reservations}** 个 · 会议室 **${rooms.rooms}** 间`);
    expect(text).toContain(`未到场 **${rooms.noShows}** 个`);

    const meetingNo = tenant.notable.busyMeetingNo;
    const from = dayjs(occurrence).tz(ZONE).subtract(6, "day").startOf("day").unix();
    const held = tenant.meetings.filter((m) => m.meetingNo === meetingNo && m.startTime >= from && m.startTime * 1000 <= occurrence);
    expect(held.length).toBeGreaterThan(0);
    expect(text).toContain(`共 **${held.length}** 场`);

    // Each section's button opens the command's full card, for the days the section showed, as a reply
    // in the digest's thread: the digest itself stays for the whole chat.
    const labels = buttons(card).map((b) => b.text.content);
    expect(labels).toEqual(["完整报告", "会议室明细", "推送统计", "全部会议"]);
    const open = async (label: string) => {
      const target = buttons(card).find((b) => b.text.content === label)!;
      expect(plainValue(target.behaviors[0]!.value)).toMatchObject({ cid: GROUP });
      const before = sandbox.emulator.sent().length;
      const result = await sandbox.emulator.pushCardAction({ value: target.behaviors[0]!.value, openMessageId: posted!.messageId, operatorOpenId: ADMIN });
      expect(result.clientError).toBeUndefined();
      expect(result.cardReplaced).toBe(false);
      expect(result.toast).toMatchObject({ type: "info", content: at("zh", "toastSent") });
      const below = await waitFor(() => sandbox.emulator.sent().slice(before).find((s) => s.parentId === posted!.messageId), 10_000, `the ${label} card`);
      expect(below.threadId, "in the digest's thread").toMatch(/^omt_/);
      expect(sandbox.emulator.messages().find((m) => m.messageId === posted!.messageId)?.card).toEqual(posted!.card);
      return cardToText(below.card as Card);
    };
    const weekFrom = week[0]!.date;
    expect(await open("完整报告")).toContain(`${weekFrom} 至 ${yesterday}`);
    expect(await open("会议室明细")).toContain(`预定 **${rooms.reservations}** 个`);
    const push = await open("推送统计");
    const pushLine = text.split("\n").find((line) => line.startsWith("发送 **"))!;
    const sent = /发送 \*\*([\d,]+)\*\*/.exec(pushLine)![1]!;
    expect(push).toContain(sent);
    expect(await open("全部会议")).toContain(meetingNo.replace(/(\d{3})(\d{3})(\d{3})/, "$1 $2 $3"));
  });

  it("lets anyone in the digest's chat open its admin-only sections, in its thread and only there", async () => {
    const [posted] = digestsSent();
    const label = (l: string) => buttons(posted!.card).find((b) => b.text.content === l)!.behaviors[0]!.value;
    const report = label("完整报告");
    // The digest's name is inside the seal, beside the chat it binds: the card has no plain field for it.
    expect(Object.keys(report)).toEqual(["s"]);
    expect(plainValue(report)).toMatchObject({ cmd: "report", digest: "morning", opens: "thread", cid: GROUP });
    const thread = sandbox.emulator.sent().find((s) => s.parentId === posted!.messageId)?.threadId;

    const before = sandbox.emulator.sent().length;
    const click = await sandbox.emulator.pushCardAction({ value: report, openMessageId: posted!.messageId, operatorOpenId: VISITOR });
    expect(click.clientError).toBeUndefined();
    expect(click.cardReplaced).toBe(false);
    expect(click.toast).toMatchObject({ type: "info", content: at("zh", "toastSent") });
    const opened = await waitFor(() => sandbox.emulator.sent().slice(before).find((s) => s.parentId === posted!.messageId), 10_000, "the report for a member");
    expect(opened.threadId).toBe(thread);
    const yesterday = dayjs(occurrence).tz(ZONE).subtract(1, "day").format("YYYY-MM-DD");
    expect(cardToText(opened.card)).toContain(yesterday);
    expect(cardToText(opened.card)).not.toContain("只有管理员");
    expect(sandbox.emulator.messages().find((m) => m.messageId === posted!.messageId)?.card).toEqual(posted!.card);

    // The same button on a copy forwarded into another chat grants nothing there: refused, nothing sent, no query.
    const elsewhere = "oc_digest_elsewhere";
    const quiet = { sent: sandbox.emulator.sent().length, calls: sandbox.emulator.calls().length };
    const copied = await sandbox.emulator.pushCardAction({ value: report, openMessageId: posted!.messageId, operatorOpenId: VISITOR, chatId: elsewhere });
    expect(copied.clientError).toBeUndefined();
    expect(copied.cardReplaced).toBe(false);
    expect(copied.toast).toMatchObject({ type: "warning", content: at("zh", "toastOtherChat") });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sandbox.emulator.sent().slice(quiet.sent).filter((s) => s.kind === "reply")).toEqual([]);
    expect(sandbox.emulator.calls().slice(quiet.calls).filter((c) => c.endpoint === "report_get_daily")).toEqual([]);

    // The report card a member opened is the ordinary /report card: its own buttons are for admins, as before.
    const range = buttons(opened.card).find((b) => (plainValue(b.behaviors[0]!.value) as { cmd?: string }).cmd === "report")!;
    const own = await sandbox.emulator.pushCardAction({ value: range.behaviors[0]!.value, openMessageId: opened.messageId, operatorOpenId: VISITOR });
    expect(own.toast).toMatchObject({ type: "error", content: at("zh", "toastRefused", { command: "/report" }) });
  });

  it("refuses a digest's button copied by hand onto a plain value, or with the digest's name added beside its seal", async () => {
    const typed = await sandbox.emulator.pushMessage({ text: "/report 7d", chatType: "group", mentionBot: true, senderOpenId: ADMIN });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === typed.messageId), 10_000, "the admin's report");
    const value = buttons(reply.card).find((b) => (plainValue(b.behaviors[0]!.value) as { cmd?: string }).cmd === "report")!.behaviors[0]!.value;
    const forged = await sandbox.emulator.pushCardAction({ value: { ...value, digest: "morning" }, openMessageId: reply.messageId, operatorOpenId: VISITOR });
    expect(forged.toast).toMatchObject({ type: "warning", content: at("zh", "toastForged") });
    const plain = await sandbox.emulator.pushCardAction({
      value: { cmd: "report", args: { range: { days: 7 } }, digest: "morning", opens: "thread", cid: GROUP },
      openMessageId: reply.messageId,
      operatorOpenId: VISITOR,
    });
    expect(plain.toast).toMatchObject({ type: "warning", content: at("zh", "toastForged") });
  });

  it("/digest lists the digest with its next run; /digest run posts a preview here without touching the record", async () => {
    const ask = async (text: string) => {
      const delivery = await sandbox.emulator.pushMessage({ text, chatType: "group", mentionBot: true, senderOpenId: ADMIN });
      expect(delivery.status).toBe(200);
      const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 10_000, `a reply to ${text}`);
      sizes.push(checkCardBudget(reply.card as Card));
      return cardToText(reply.card);
    };
    const next = dayjs(occurrence).tz(ZONE).add(1, "day").format("YYYY-MM-DD HH:mm");
    const list = await ask("/digest");
    expect(list).toContain("**morning** · 0 9 * * *（Asia/Shanghai）");
    expect(list).toContain(`下次：${next} · 发往 1 个群（含本群）`);

    const before = digestsSent().length;
    const preview = await ask("/digest run morning");
    expect(preview).toContain("预览");
    expect(preview).toContain("**会议概况**");
    // A preview is a reply, not a scheduled post, and the period stays recorded as sent once.
    expect(digestsSent()).toHaveLength(before);
    clock.advance(60_000);
    await scheduler.idle();
    expect(digestsSent()).toHaveLength(before);
  });

  it("a non-admin's click on the shared /digest card's preview button is a toast, and typed it is the refusal naming the admins", async () => {
    const list = await sandbox.emulator.pushMessage({ text: "/digest", chatType: "group", mentionBot: true, senderOpenId: ADMIN });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === list.messageId), 10_000, "the /digest list");
    const preview = buttons(reply.card).find((b) => JSON.stringify(peekSealed(b.behaviors[0]?.value) ?? {}).includes('"run"'))!;
    expect(preview).toBeDefined();
    const click = await sandbox.emulator.pushCardAction({ value: preview.behaviors[0]!.value, openMessageId: reply.messageId, operatorOpenId: "ou_visitor" });
    expect(click.clientError).toBeUndefined();
    // The shared card stays: the visitor alone sees a toast.
    expect(click.answer).toMatchObject({ toast: { type: "error" } });
    expect((click.answer as { card?: unknown }).card).toBeUndefined();

    expect(click.answer).toMatchObject({ toast: { content: at("zh", "toastRefused", { command: "/digest run" }) } });

    const typed = await sandbox.emulator.pushMessage({ text: "/digest run morning", chatType: "group", mentionBot: true, senderOpenId: "ou_visitor" });
    const refusal = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === typed.messageId), 10_000, "the refusal");
    const text = cardToText(refusal.card);
    expect(text).toContain(ADMIN);
    expect(text).not.toContain("/digest run <");
    // What is refused (the sub-command, admins only, the rest of /digest open) and who sets the admins.
    expect(text).toContain("/digest run 只有机器人的管理员可以使用；/digest 的其他用法不受限制。");
    expect(text).toContain("app.yaml 的 bot.admins（或环境变量 BOT_ADMINS）");
  });
});
