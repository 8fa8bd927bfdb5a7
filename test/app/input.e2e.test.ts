/**
 * Input the bot used to misread (issue 12, item 5), end to end: signed messages into the webhook,
 * the bot querying the emulator through the real SDK, the reply cards read as text.
 */
import dayjs from "dayjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { Tenant } from "../../src/sandbox/emulator/index.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own. */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

type Card = Record<string, unknown>;

describe("input the bot used to misread, end to end", () => {
  let sandbox: RunningSandbox;
  let tenant: Tenant;
  /** Wednesday 2024-06-12 15:00 in Shanghai, shared by the emulator and the bot. */
  const clock = anchoredClock("2024-06-12T15:00:00+08:00");
  const day = (offset: number) => dayjs("2024-06-12").add(offset, "day").format("YYYY-MM-DD");

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited, emulator: { now: clock } });
    tenant = sandbox.emulator.tenant;
    expect(tenant.today).toBe("2024-06-12");
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.emulator.reset();
  });

  async function ask(text: string): Promise<string> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType: "p2p" });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
    return cardToText(reply.card as Card);
  }
  const calls = (endpoint: string) => sandbox.emulator.calls().filter((c) => c.endpoint === endpoint);

  it("answers /rooms with a filter no room matches by naming it and the closest rooms, not with an empty day", async () => {
    const text = await ask("/rooms yesterday 火星");
    expect(text).toContain("【/rooms 的用法】");
    expect(text).toContain("没有名称包含「火星」的会议室");
    const near = /最接近的会议室：(.+)/.exec(text)?.[1]?.split("、") ?? [];
    expect(near).toHaveLength(3);
    const names = new Set(tenant.rooms.map((r) => r.name));
    for (const name of near) expect(names.has(name.trim()), name).toBe(true);
    expect(text).not.toContain("签到率");
    expect(calls("reservation_list")).toHaveLength(0);
    // A typo of a room's word is answered with that room first.
    const pearl = tenant.rooms.find((r) => r.name.endsWith("Pearl"))!.name;
    expect(await ask("/rooms yesterday Perl")).toContain(`最接近的会议室：${pearl}`);
  });

  it.each([
    ["前天", day(-2)],
    ["大前天", day(-3)],
    ["the day before yesterday", day(-2)],
    [dayjs(day(-5)).format("MM-DD"), day(-5)],
    [dayjs(day(-5)).format("M月D日"), day(-5)],
    [dayjs(day(-5)).format("MM/DD"), day(-5)],
  ])("reads /rooms %s as a day, not a room name", async (word, date) => {
    const text = await ask(`/rooms ${word}`);
    expect(text).toContain(`【会议室预定 · ${date}】`);
    expect(text).not.toContain("会议室名称含");
  });

  it.each([
    ["2024-06-01 .. 2024-06-10", "2024-06-01 至 2024-06-10（10 天）"],
    ["2024-06-01 ~ 2024-06-10", "2024-06-01 至 2024-06-10（10 天）"],
    ["2024-06-01至2024-06-10", "2024-06-01 至 2024-06-10（10 天）"],
    ["2024-06-01 to 2024-06-10", "2024-06-01 至 2024-06-10（10 天）"],
    ["上周", "2024-06-03 至 2024-06-09（7 天）"],
    ["last month", "2024-05-01 至 2024-05-31（31 天）"],
    ["本月", "2024-06-01 至 2024-06-11（11 天）"],
    ["昨天", "2024-06-11 至 2024-06-11（1 天）"],
  ])("answers /report %s with the report of the dates it means", async (range, shown) => {
    const text = await ask(`/report ${range}`);
    expect(text).toContain("【会议使用报告】");
    expect(text).toContain(shown);
  });

  it("answers /meeting <number> with a day or a period, and blames the range when the number is fine", async () => {
    const no = tenant.notable.busyMeetingNo;
    expect(await ask(`/meeting ${no} yesterday`)).toContain(`${day(-1)} 至 ${day(-1)}`);
    expect(await ask(`/meeting ${no} 上周`)).toContain("2024-06-03 至 2024-06-09");
    const refused = await ask(`/meeting ${no} yestrday`);
    expect(refused).toContain("【/meeting 的用法】");
    expect(refused).toContain("「yestrday」不是有效的时间范围");
    expect(refused).toContain("上周");
    expect(refused).not.toContain("不是会议号");
  });

  it("gives 7d one meaning in /report and /meeting, stated as dates on both cards", async () => {
    const week = `${day(-7)} 至 ${day(-1)}`;
    expect(week).toBe("2024-06-05 至 2024-06-11");
    expect(await ask("/report 7d")).toContain(`${week}（7 天）`);
    expect(await ask(`/meeting ${tenant.notable.busyMeetingNo} 7d`)).toContain(week);
  });

  it.each([
    ["/reprot 7d", "/report", "你是不是想用 /report？"],
    ["/room", "/rooms", "你是不是想用 /rooms？"],
    ["/meetings 123456789", "/meeting", "你是不是想用 /meeting？"],
    ["/会意 123456789", "/meeting", "你是不是想用 /会议（/meeting）？"],
  ])("answers the typo %s with the usage card of %s", async (typed, command, question) => {
    const text = await ask(typed);
    expect(text).toContain(`【${command} 的用法】`);
    expect(text).toContain(question);
    expect(sandbox.emulator.calls().filter((c) => c.endpoint !== "tenant_token" && c.endpoint !== "bot_info" && c.endpoint !== "message_reply")).toEqual([]);
  });
});
