/**
 * A slow Feishu, as the asker lives it (issue 12 item 8): a command running past 0.7 s shows a
 * "working on it" card at once, as the reply to the message, and that same message then turns into
 * the answer (or the error card) by PATCH; a fast command replies once, nothing patched. Runs with
 * the production default (WORKING_NOTICE_AFTER_MS).
 */
import { afterEach, describe, expect, it } from "vitest";
import { WORKING_NOTICE_AFTER_MS } from "../../src/app/pipeline/working.js";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { sleep, startTestSandbox, waitFor } from "../helpers/sandbox.js";

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";
const WORKING_TITLE = "正在查询";

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** `httpTimeoutMs`: short for a hanging API, so its tries end quickly. */
async function start(httpTimeoutMs?: number): Promise<RunningSandbox> {
  sandbox = await startTestSandbox({
    config: (c: Config) => (httpTimeoutMs ? { ...c, feishu: { ...c.feishu, httpTimeoutMs } } : c),
    bot: { workingNoticeAfterMs: WORKING_NOTICE_AFTER_MS },
  });
  return sandbox;
}

async function push(box: RunningSandbox, text: string): Promise<{ id: string; at: number }> {
  const at = Date.now();
  const delivery = await box.emulator.pushMessage({ text, chatType: "p2p", chatId: "oc_sandbox_p2p" });
  expect(delivery.status).toBe(200);
  return { id: delivery.messageId, at };
}

const repliesTo = (box: RunningSandbox, id: string) => box.emulator.sent().filter((s) => s.parentId === id);
const patchesOf = (box: RunningSandbox, id: string) => box.emulator.sent().filter((s) => s.kind === "patch" && s.messageId === id);

describe("a slow command: working card, then the answer in place", () => {
  it("slow API: the working card within ~1 s, then the same message patched with the answer; no second reply", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 2_500 }, times: "always" });
    const asked = await push(box, "/rooms yesterday");
    const working = await waitFor(() => repliesTo(box, asked.id)[0], 3_000, "the working card");
    expect(title(working.card)).toBe(WORKING_TITLE);
    expect(working.at - asked.at).toBeLessThan(WORKING_NOTICE_AFTER_MS + 800);
    const patched = await waitFor(() => patchesOf(box, working.messageId)[0], 15_000, "the answer patched in");
    expect(title(patched.card)).toMatch(/^会议室预定/);
    await sleep(300);
    expect(repliesTo(box, asked.id)).toHaveLength(1);
    expect(patchesOf(box, working.messageId)).toHaveLength(1);
    // What the chat shows now: the one message, holding the answer.
    const shown = box.emulator.messages("oc_sandbox_p2p").filter((m) => m.parentId === asked.id);
    expect(shown.map((m) => [m.messageId, title(m.card)])).toEqual([[working.messageId, title(patched.card)]]);
  });

  it("a command taking 0.85 s: the working card first, so something shows within 1 s once the reply's own trip is added", async () => {
    const box = await start();
    // One call: the answer is ready at about 0.85 s, which a 1 s wait answered at once, after 1 s of nothing.
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "latency", ms: 850 }, times: "always" });
    const asked = await push(box, "/pushstats");
    const first = await waitFor(() => repliesTo(box, asked.id)[0], 5_000, "the first reply");
    expect(title(first.card)).toBe(WORKING_TITLE);
    const patched = await waitFor(() => patchesOf(box, first.messageId)[0], 15_000, "the answer patched in");
    expect(title(patched.card)).toMatch(/^机器人消息触达/);
  });

  it("a fast command: one reply with its answer, no working card, nothing patched", async () => {
    const box = await start();
    const asked = await push(box, "/help");
    const reply = await waitFor(() => repliesTo(box, asked.id)[0], 5_000, "the answer");
    await sleep(WORKING_NOTICE_AFTER_MS + 300);
    expect(title(reply.card)).not.toBe(WORKING_TITLE);
    expect(repliesTo(box, asked.id)).toHaveLength(1);
    expect(box.emulator.sent().filter((s) => s.kind === "patch")).toHaveLength(0);
  });

  it("hanging API: the working card, then the error card patched in, saying 'try again' once", async () => {
    const box = await start(400);
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "hang" }, times: "always" });
    const asked = await push(box, "/pushstats");
    const working = await waitFor(() => repliesTo(box, asked.id)[0], 3_000, "the working card");
    expect(title(working.card)).toBe(WORKING_TITLE);
    expect(working.at - asked.at).toBeLessThan(WORKING_NOTICE_AFTER_MS + 800);
    const patched = await waitFor(() => patchesOf(box, working.messageId)[0], 15_000, "the error card patched in");
    expect(title(patched.card)).toBe("连不上飞书");
    const text = cardToText(patched.card);
    expect(text.match(/请稍后再试/g)).toHaveLength(1);
    await sleep(300);
    expect(repliesTo(box, asked.id)).toHaveLength(1);
  });
});
