/**
 * Feishu's "last 90 days" is 90 × 86,400 s back from now, and the emulator refuses a second more: `/report
 * 90d` and `/meeting <number> 90d` must be answered with data at any time of day, midnight's edges included.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import { PROJECT_TOPIC_SUFFIX } from "../../src/sandbox/emulator/tenant/meetings.js";
import type { Config } from "../../src/config/types.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";

const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });
type Card = Record<string, unknown>;

describe.each(["00:05:00", "12:00:00", "23:55:00"])("at %s Asia/Shanghai", (time) => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited, emulator: { now: anchoredClock(`2024-06-12T${time}+08:00`) } });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  async function ask(text: string): Promise<Card> {
    const delivery = await sandbox.emulator.pushMessage({ text, chatType: "p2p" });
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
    return reply.card as Card;
  }
  const refused = () => sandbox.emulator.calls().filter((c) => c.status >= 400);

  it("answers /report 90d with data, saying it covers the whole days Feishu still serves", async () => {
    const card = await ask("/report 90d");
    expect((card.header as { template: string }).template).toBe("blue");
    const text = cardToText(card);
    expect(text).toContain("2024-03-15 至 2024-06-11（89 天）");
    expect(text).toContain("所以“90 天”只能显示 89 天");
    expect(refused()).toEqual([]);
  });

  it("answers /meeting <number> 90d with data", async () => {
    const no = sandbox.emulator.tenant.meetings.find((m) => m.topic.endsWith(PROJECT_TOPIC_SUFFIX))!.meetingNo;
    const card = await ask(`/meeting ${no} 90d`);
    expect((card.header as { template: string }).template).not.toBe("red");
    expect(cardToText(card)).toMatch(/\*\*\d+\*\* 场会议/);
    expect(refused()).toEqual([]);
  });
});
