/**
 * `/report` end to end: a signed, encrypted message into the webhook, the bot calling get_daily on the
 * emulator through the real SDK, the reply card checked against the tenant's daily reports.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText, checkCardBudget } from "../../src/cards/index.js";
import { formatChange, formatCount } from "../../src/cards/format.js";
import type { Tenant } from "../../src/sandbox/emulator/index.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";
import type { Config } from "../../src/config/types.js";
import { buttons } from "../helpers/card-buttons.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own (access.e2e.test.ts). */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

dayjs.extend(utc);
dayjs.extend(timezone);

type Card = Record<string, unknown>;
type Element = Record<string, unknown> & { tag: string };

/** Day `offset` from today in the tenant's zone (the bot and the emulator share the clock and the zone). */
const day = (tenant: Tenant, offset: number) => dayjs().tz(tenant.timezone).add(offset, "day").format("YYYY-MM-DD");

function truth(tenant: Tenant, from: string, to: string) {
  const days = tenant.dailyReports.filter((d) => d.date >= from && d.date <= to);
  return {
    meetings: days.reduce((a, d) => a + d.meetingCount, 0),
    participants: days.reduce((a, d) => a + d.participantCount, 0),
    daily: days.map((d) => d.meetingCount),
  };
}

const elements = (card: Card) => (card.body as { elements: Element[] }).elements;
const table = (card: Card) => elements(card).find((e) => e.tag === "table")!.rows as Array<Record<string, string>>;
const chartValues = (card: Card) =>
  (elements(card).find((e) => e.tag === "chart")!.chart_spec as { data: { values: Array<{ meetings: number }> } }).data.values;

describe("/report end to end", () => {
  let sandbox: RunningSandbox;
  const sizes: Array<{ bytes: number; elements: number }> = [];

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited });
  });
  afterAll(async () => {
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, elements: 0 });
    console.info(`largest /report card end to end: ${largest.bytes} bytes, ${largest.elements} elements`);
    await sandbox.close();
  });
  beforeEach(() => sandbox.emulator.reset());

  async function ask(text: string, chatType: "group" | "p2p" = "group") {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group" });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 5_000, `a reply to ${text}`);
    const card = reply.card as Card;
    sizes.push(checkCardBudget(card));
    return { reply, card };
  }
  const dailyCalls = () => sandbox.emulator.calls().filter((c) => c.endpoint === "report_get_daily");

  it("answers /report with the 7 days up to yesterday, their change and the daily trend", async () => {
    const tenant = sandbox.emulator.tenant;
    const { card } = await ask("/report");
    const now = truth(tenant, day(tenant, -7), day(tenant, -1));
    const before = truth(tenant, day(tenant, -14), day(tenant, -8));
    expect(now.meetings).toBeGreaterThan(0);
    expect(card.schema).toBe("2.0");
    const [meetings, , participants] = table(card);
    expect(meetings).toMatchObject({
      total: formatCount(now.meetings, "zh"),
      change: formatChange((now.meetings - before.meetings) / before.meetings, "zh"),
    });
    expect(participants).toMatchObject({
      total: formatCount(now.participants, "zh"),
      change: formatChange((now.participants - before.participants) / before.participants, "zh"),
    });
    expect(chartValues(card).map((v) => v.meetings)).toEqual(now.daily);
    expect(cardToText(card)).toContain(`${day(tenant, -7)} 至 ${day(tenant, -1)}（7 天）`);
    expect(dailyCalls()).toHaveLength(2);
  });

  it("answers the Chinese alias with 90 days, and says the previous period is out of reach without fetching it", async () => {
    const tenant = sandbox.emulator.tenant;
    const { card } = await ask("/报告 90d", "p2p");
    // Feishu keeps 90 × 24 hours from now: the 90th day back is no longer whole, so 89 days, and the card says so.
    expect(table(card)[0]!.total).toBe(formatCount(truth(tenant, day(tenant, -89), day(tenant, -1)).meetings, "zh"));
    expect(table(card)[0]!.change).toBe("—");
    expect(chartValues(card)).toHaveLength(89);
    expect(cardToText(card)).toContain("所以“90 天”只能显示 89 天");
    expect(cardToText(card)).toContain("超出了飞书 90 天的查询范围");
    expect(dailyCalls()).toHaveLength(1);
  });

  it("switches range with a button click, answered inline with the new card", async () => {
    const tenant = sandbox.emulator.tenant;
    const { reply, card } = await ask("/report");
    const thirty = buttons(card).find((b) => (b.text as { content: string }).content === "30 天")!;
    const value = (thirty.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value;
    expect(plainValue(value)).toMatchObject({ cmd: "report", cid: reply.chatId, issued: expect.any(Number) });
    expect(plainValue(value).args).toEqual({ range: { days: 30 } });
    expect(plainValue(value)).not.toHaveProperty("cursor");
    const click = await sandbox.emulator.pushCardAction({ value, openMessageId: reply.messageId });
    expect(click.status).toBe(200);
    expect(click.cardReplaced).toBe(true);
    expect(click.clientError).toBeUndefined();
    const answer = (click.answer as { card: { data: Card } }).card.data;
    sizes.push(checkCardBudget(answer));
    expect(answer.schema).toBe("2.0");
    expect(table(answer)[0]!.total).toBe(formatCount(truth(tenant, day(tenant, -30), day(tenant, -1)).meetings, "zh"));
    expect(buttons(answer).find((b) => b.type === "primary_filled")!.text).toEqual({ tag: "plain_text", content: "30 天" });
  });

  it.each([["/report 91d", "90"], ["/report 2026-13-45..2026-13-50", "YYYY-MM-DD"], ["/report 7d 30d", "/report"]])(
    "answers %s with the usage card and an example, without calling get_daily",
    async (text, mentions) => {
      const { card } = await ask(text);
      const shown = cardToText(card);
      expect(shown).toContain("/report 的用法");
      expect(shown).toContain(mentions);
      expect(shown).toContain("/report 30d");
      expect(dailyCalls()).toHaveLength(0);
    },
  );
});
