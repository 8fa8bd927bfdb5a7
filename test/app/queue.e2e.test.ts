/**
 * The work queue end to end: one chat's answers keep the order of its messages, a backlog past the
 * queue waits in the store and is answered in its turn (with a "your answer will follow" card for
 * those that wait long), and identical queries from many people cost one.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import { sleep, startTestSandbox, waitFor } from "../helpers/sandbox.js";

const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";

let open: RunningSandbox[] = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

async function sandboxWith(queue: Partial<Config["queue"]>, emulator: Parameters<typeof startTestSandbox>[0] = {}) {
  const sandbox = await startTestSandbox({
    ...emulator,
    config: (c) => ({ ...c, queue: { ...c.queue, ...queue }, access: { ...c.access, userCommandsPerMinute: 0 } }),
  });
  open.push(sandbox);
  return sandbox;
}

async function push(sandbox: RunningSandbox, text: string, chatId: string, senderOpenId?: string): Promise<string> {
  const delivery = await sandbox.emulator.pushMessage({ text, chatId, chatType: "group", mentionBot: true, ...(senderOpenId ? { senderOpenId } : {}) });
  expect(delivery.status).toBe(200);
  return delivery.messageId;
}

const repliesTo = (sandbox: RunningSandbox, id: string) => sandbox.emulator.sent().filter((s) => s.parentId === id);
const allAnswered = (sandbox: RunningSandbox, ids: string[]) =>
  waitFor(() => (ids.every((id) => repliesTo(sandbox, id).length > 0) ? true : undefined), 8_000, "every message answered");

describe("the work queue", () => {
  it("answers one chat's messages in order, while another chat's are answered alongside", async () => {
    const sandbox = await sandboxWith({ concurrency: 4 });
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 600 }, times: "once" });
    const slow = await push(sandbox, "/rooms yesterday", "oc_chat_x");
    const quick = await push(sandbox, "/help", "oc_chat_x");
    const elsewhere = await push(sandbox, "/help", "oc_chat_y");
    await allAnswered(sandbox, [slow, quick, elsewhere]);
    const order = sandbox.emulator.sent().map((s) => s.parentId);
    expect(order.indexOf(slow)).toBeLessThan(order.indexOf(quick));
    // The other chat did not wait for the slow query.
    expect(order.indexOf(elsewhere)).toBeLessThan(order.indexOf(slow));
  });

  it("answers a backlog larger than the queue in its turn, a waiting asker's will-follow card then replaced by the answer", async () => {
    const sandbox = await sandboxWith({ concurrency: 1, maxPending: 1 }, { bot: { delayedNoticeAfterMs: 250 } });
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 400 }, times: "always" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await push(sandbox, "/rooms yesterday", `oc_chat_${i}`));
    // What each chat shows: the bot's messages answering the asker's, as they stand now (patches applied).
    const shown = (id: string) => sandbox.emulator.messages().filter((m) => m.parentId === id);
    await waitFor(() => (ids.every((id) => shown(id).some((m) => title(m.card).startsWith("会议室预定"))) ? true : undefined), 15_000, "every answer");
    await sleep(300);
    // Nothing turned away, nothing posted twice: every message has one reply, which now holds its answer.
    expect(ids.map((id) => shown(id).map((m) => title(m.card).startsWith("会议室预定")))).toEqual(ids.map(() => [true]));
    const replies = ids.map((id) => repliesTo(sandbox, id));
    expect(replies.map((r) => r.length)).toEqual([1, 1, 1, 1, 1]);
    const patches = replies.map((r) => sandbox.emulator.sent().filter((s) => s.kind === "patch" && s.messageId === r[0]!.messageId));
    // A waiting asker may first see that the answer will follow: that card is then patched with the answer, once.
    for (const [i, r] of replies.entries()) {
      if (title(r[0]!.card).startsWith("会议室预定")) {
        expect(patches[i]).toHaveLength(0);
      } else {
        expect(title(r[0]!.card)).toBe("我有点忙");
        expect(cardToText(r[0]!.card)).toContain("不用重发");
        expect(patches[i]!.map((p) => title(p.card).startsWith("会议室预定"))).toEqual([true]);
      }
    }
    // The first ran at once; some later ones waited behind it.
    expect(patches[0]).toHaveLength(0);
    expect(patches.slice(1).some((p) => p.length === 1)).toBe(true);
  });
});

describe("coalescing", () => {
  /** A pinned clock, so "today until now" is the same window for every asker and in both sandboxes. */
  const NOW = Date.now();

  it("20 concurrent /rooms today from different people cost the upstream calls of one", async () => {
    const single = await sandboxWith({}, { emulator: { now: () => NOW } });
    const one = await push(single, "/rooms today", "oc_alone");
    await allAnswered(single, [one]);
    const callsOfOne = single.emulator.calls().filter((c) => c.endpoint === "reservation_list").length;
    expect(callsOfOne).toBeGreaterThan(0);

    const crowd = await sandboxWith({ concurrency: 20 }, { emulator: { now: () => NOW } });
    // Slow answers keep every query in flight while the others arrive.
    crowd.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 300 }, times: "always" });
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => push(crowd, "/rooms today", `oc_team_${i}`, `ou_person_${i}`)));
    await allAnswered(crowd, ids);
    expect(crowd.emulator.calls().filter((c) => c.endpoint === "reservation_list")).toHaveLength(callsOfOne);
    const texts = new Set(ids.map((id) => cardToText(repliesTo(crowd, id)[0]!.card)));
    expect(texts.size).toBe(1);
    expect(title(repliesTo(crowd, ids[0]!)[0]!.card)).toMatch(/^会议室预定 · 今天/);
  });
});
