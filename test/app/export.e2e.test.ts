/**
 * The Export button end to end: a click on a /meeting list, a /meeting detail and a /rooms day card
 * answers at once with a toast, and a file message arrives in the card's thread whose workbook (read
 * back by the emulator with exceljs) holds every row — compared with the emulator's tenant, not
 * with the bot's own code. A repeated click posts one file; a refused upload ends as an error card.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import type { Tenant, WorkbookContent } from "../../src/sandbox/emulator/index.js";
import { buttons } from "../cards/meeting-fixtures.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

dayjs.extend(utc);
dayjs.extend(timezone);

const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });
type Card = Record<string, unknown>;
const EXPORT = "导出 Excel";

describe("Export", () => {
  let sandbox: RunningSandbox;
  let tenant: Tenant;

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited });
    tenant = sandbox.emulator.tenant;
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  async function ask(text: string): Promise<{ card: Card; messageId: string }> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType: "group", mentionBot: true });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
    // A list still counting is patched in place with its final card.
    const card = await waitFor(() => {
      const shown = sandbox.emulator.messages().find((m) => m.messageId === reply.messageId)?.card as Card | undefined;
      return shown && !/统计中…|正在加载|【我有点忙】|【正在处理】/.test(cardToText(shown)) ? shown : undefined;
    }, 60_000, "the final card");
    return { card, messageId: reply.messageId };
  }

  /** Clicks Export: the card stays, the clicker gets the toast; resolves with the file message's workbook. */
  async function exportFrom(card: Card, messageId: string): Promise<{ name: string; workbook: WorkbookContent; threadId: string | undefined }> {
    const button = buttons(card).find((b) => b.label === EXPORT);
    expect(button, "an Export button").toBeDefined();
    const shown = sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card;
    const result = await sandbox.emulator.pushCardAction({ value: button!.value, openMessageId: messageId });
    expect(result.clientError).toBeUndefined();
    expect(result.cardReplaced).toBe(false);
    expect(result.toast).toMatchObject({ type: "info", content: "正在生成表格…" });
    const sent = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId && s.msgType === "file"), 30_000, "the file message");
    expect(sandbox.emulator.messages().find((m) => m.messageId === messageId)?.card).toEqual(shown);
    const fileKey = (JSON.parse(sent.content) as { file_key: string }).file_key;
    const file = sandbox.emulator.files().find((f) => f.fileKey === fileKey)!;
    expect(file.fileType).toBe("xls");
    expect(file.workbook, file.workbookError).toBeDefined();
    return { name: file.fileName, workbook: file.workbook!, threadId: sent.threadId };
  }

  /** A sheet's rows below its header, as objects by header. */
  function table(workbook: WorkbookContent, sheet = 0): Array<Record<string, unknown>> {
    const [header, ...rows] = workbook.sheets[sheet]!.rows;
    return rows.map((row) => Object.fromEntries(header!.map((h, i) => [String(h), row[i]])));
  }

  it("a /meeting list of several pages exports every meeting of its range, in the card's thread", async () => {
    const no = tenant.notable.busyMeetingNo;
    const from = dayjs.tz(tenant.today, tenant.timezone).subtract(29, "day").format("YYYY-MM-DD");
    const to = dayjs.tz(tenant.today, tenant.timezone).subtract(1, "day").format("YYYY-MM-DD");
    const start = dayjs.tz(from, tenant.timezone).unix();
    const end = dayjs.tz(to, tenant.timezone).add(1, "day").unix() - 1;
    const truth = tenant.meetings.filter((m) => m.meetingNo === no && m.startTime >= start && m.startTime <= end);
    expect(truth.length).toBeGreaterThan(10);

    const list = await ask(`/meeting ${no} ${from}..${to}`);
    expect(buttons(list.card).some((b) => b.label === "下一页"), "the list has more than one page").toBe(true);
    const { name, workbook, threadId } = await exportFrom(list.card, list.messageId);
    expect(threadId).toMatch(/^omt_/);
    expect(name).toBe(`会议列表 ${no} ${from}..${to}.xlsx`);
    const rows = table(workbook);
    expect(rows.map((r) => r["会议 ID"])).toEqual([...truth].sort((a, b) => b.startTime - a.startTime).map((m) => m.id));
    for (const row of rows) {
      const meeting = truth.find((m) => m.id === row["会议 ID"])!;
      expect(row["会议主题"]).toBe(meeting.topic);
      expect(row["时长（分钟）"]).toBe(Math.round((meeting.endTime! - meeting.startTime) / 60));
      // Excel holds the wall clock of the bot's time zone.
      expect((row["开始时间"] as Date).toISOString().slice(0, 16)).toBe(dayjs.unix(meeting.startTime).tz(tenant.timezone).format("YYYY-MM-DDTHH:mm"));
    }
    expect(JSON.stringify(workbook)).not.toMatch(/密码|password/i);
  }, 60_000);

  it("a meeting's detail exports every participant", async () => {
    const meeting = tenant.meetings.find((m) => m.id === tenant.notable.largeMeetingId)!;
    const detail = await ask(`/meeting ${meeting.id}`);
    const { workbook } = await exportFrom(detail.card, detail.messageId);
    const ids = table(workbook).map((r) => r["参会人 ID"]);
    expect(ids).toHaveLength(meeting.participants.length);
    expect(new Set(ids)).toEqual(new Set(meeting.participants.map((p) => p.id)));
  }, 60_000);

  it("a /rooms day exports every reservation of the day", async () => {
    const date = tenant.notable.busiestReservationDay;
    const dayStart = dayjs.tz(date, tenant.timezone).unix();
    const dayEnd = dayjs.tz(date, tenant.timezone).add(1, "day").unix();
    const truth = tenant.reservations.filter((r) => r.startTime >= dayStart && r.startTime < dayEnd);
    expect(truth.length).toBeGreaterThan(5);
    const day = await ask(`/rooms ${date}`);
    const { workbook } = await exportFrom(day.card, day.messageId);
    const rows = table(workbook);
    expect(rows).toHaveLength(truth.length);
    expect(rows.map((r) => r["会议主题"]).sort()).toEqual(truth.map((r) => r.eventTitle).sort());
  }, 60_000);

  it("a /rooms period exports every room (the unused ones too) and every reservation of its days, loaded to the end", async () => {
    const to = dayjs.tz(tenant.today, tenant.timezone).subtract(1, "day");
    const from = to.subtract(6, "day");
    const truth = tenant.reservations.filter((r) => r.startTime >= from.unix() && r.startTime < to.add(1, "day").unix());
    expect(truth.length).toBeGreaterThan(20);
    const period = await ask("/rooms 7d");
    expect(cardToText(period.card)).toContain(`${from.format("YYYY-MM-DD")} 至 ${to.format("YYYY-MM-DD")}`);
    const { workbook } = await exportFrom(period.card, period.messageId);
    const rooms = table(workbook, 0);
    expect(new Set(rooms.map((r) => r["会议室"]))).toEqual(new Set(tenant.rooms.map((room) => room.name)));
    const reservations = table(workbook, 1);
    expect(reservations).toHaveLength(truth.length);
    expect(reservations.map((r) => r["主题"]).sort()).toEqual(truth.map((r) => r.eventTitle).sort());
  }, 60_000);

  it("a click delivered twice posts one file", async () => {
    const date = tenant.notable.busiestReservationDay;
    const day = await ask(`/rooms ${date}`);
    const button = buttons(day.card).find((b) => b.label === EXPORT)!;
    await sandbox.emulator.pushCardAction({ value: button.value, openMessageId: day.messageId });
    await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === day.messageId && s.msgType === "file"), 30_000, "the file");
    const again = await sandbox.emulator.pushCardAction({ value: button.value, openMessageId: day.messageId });
    expect(again.toast).toMatchObject({ content: "正在生成表格…" });
    // The second click's job is the first's (its inbox id and the file's uuid come from the card, the
    // clicker and the button): once the inbox is empty, whatever the second click left has run.
    await waitFor(async () => (/feishu_bot_inbox_depth\{state="(pending|claimed)"\} [1-9]/.test(await (await fetch(`${sandbox.bot.url}/metrics`)).text()) ? undefined : true), 15_000, "an empty inbox");
    expect(sandbox.emulator.messages().filter((m) => m.parentId === day.messageId && m.msgType === "file")).toHaveLength(1);
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "file_upload")).toHaveLength(1);
  }, 60_000);

  // Feishu answers some refusals with HTTP 200 and a code: the SDK's file.create would drop the code.
  it.each([400, 200])("an upload refused for a missing scope (HTTP %i) ends as an error card in the thread naming it", async (httpStatus) => {
    const date = tenant.notable.busiestReservationDay;
    const day = await ask(`/rooms ${date}`);
    sandbox.emulator.injectFault({ endpoint: "file_upload", effect: { kind: "code", code: 99991672, httpStatus }, times: "always" });
    const button = buttons(day.card).find((b) => b.label === EXPORT)!;
    const result = await sandbox.emulator.pushCardAction({ value: button.value, openMessageId: day.messageId });
    expect(result.toast).toMatchObject({ content: "正在生成表格…" });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === day.messageId && s.msgType === "interactive"), 30_000, "the error card");
    expect(reply.threadId).toMatch(/^omt_/);
    expect(cardToText(reply.card as Card)).toContain("im:resource");
    expect(sandbox.emulator.sent().some((s) => s.msgType === "file")).toBe(false);
  }, 60_000);
});

describe("Export access", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: (c) => unlimited({ ...c, access: { ...c.access, commands: { ...c.access.commands, rooms: "admins" } } }) });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("is checked as the card's command: a non-admin's click on an admin's /rooms card is refused, and nothing is uploaded", async () => {
    const date = sandbox.emulator.tenant.notable.busiestReservationDay;
    const delivery = await sandbox.emulator.pushMessage({ text: `/rooms ${date}`, chatType: "group", mentionBot: true });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, "the /rooms card");
    const button = buttons(reply.card).find((b) => b.label === EXPORT)!;
    const click = await sandbox.emulator.pushCardAction({ value: button.value, openMessageId: reply.messageId, operatorOpenId: "ou_not_an_admin" });
    expect(click.toast).toMatchObject({ type: "error", content: "只有管理员可以使用 /rooms" });
    const admin = await sandbox.emulator.pushCardAction({ value: button.value, openMessageId: reply.messageId });
    expect(admin.toast).toMatchObject({ content: "正在生成表格…" });
    await waitFor(() => sandbox.emulator.sent().find((s) => s.msgType === "file"), 30_000, "the admin's file");
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "file_upload")).toHaveLength(1);
  }, 60_000);
});
