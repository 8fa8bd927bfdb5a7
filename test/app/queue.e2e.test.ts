/**
 * The work queue end to end: one chat's answers keep the order of its messages, a full queue
 * answers "busy" rather than nothing, and identical queries from many people cost one.
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

  it("tells the asker it is busy when the queue is full, and answers everything it took", async () => {
    const sandbox = await sandboxWith({ concurrency: 1, maxPending: 1 });
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 400 }, times: "always" });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await push(sandbox, "/rooms yesterday", `oc_chat_${i}`));
    await allAnswered(sandbox, ids);
    await sleep(200);
    const replies = ids.map((id) => repliesTo(sandbox, id));
    // Nothing dropped, nothing answered twice.
    expect(replies.map((r) => r.length)).toEqual([1, 1, 1, 1, 1]);
    const titles = replies.map((r) => title(r[0]!.card));
    // The first runs, the second waits; the rest are told at once.
    expect(titles.slice(0, 2).every((t) => t.startsWith("会议室预定"))).toBe(true);
    expect(titles.slice(2)).toEqual(["我有点忙", "我有点忙", "我有点忙"]);
    expect(cardToText(replies[2]![0]!.card)).toContain("请稍后再发一次");
    const order = sandbox.emulator.sent().map((s) => s.parentId);
    expect(order.indexOf(ids[2]!)).toBeLessThan(order.indexOf(ids[0]!));
    // A busy card has its own uuid: it never stands in for the real answer to the same message.
    expect(new Set(replies.map((r) => r[0]!.uuid)).size).toBe(5);
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
