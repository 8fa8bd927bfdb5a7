/**
 * `/meeting <id>` for a meeting of another organisation, end to end: Feishu (seed 001) answers
 * 121005 for a meeting outside the app's reach, and the bot says so in words a user can act on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

describe("/meeting for a meeting outside the app's reach", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("answers with a card naming both causes (no permission, not the organisation's meeting), after one meeting get", async () => {
    const id = sandbox.emulator.tenant.notable.foreignMeetingId;
    expect(id).toMatch(/^\d{19}$/);
    const delivery = await sandbox.emulator.pushMessage({ text: `/meeting ${id}`, chatType: "p2p" });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 5_000, "the reply");
    expect(title(reply.card)).toBe("没有权限查看这场会议");
    const text = cardToText(reply.card as Record<string, unknown>);
    expect(text).toContain("这场会议不属于本企业");
    expect(text).toContain("121005");
    const gets = sandbox.emulator.calls().filter((c) => c.endpoint === "meeting_get");
    expect(gets.map((c) => [c.path, c.status, c.code])).toEqual([[`/open-apis/vc/v1/meetings/${id}`, 403, 121005]]);
  });
});
