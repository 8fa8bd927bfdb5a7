/**
 * A retry storm: Feishu redelivers each message five times — under the same event_id and under new
 * ones, at once and after the bot has already replied. Each message gets exactly one reply.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

const MESSAGES = 12;
const chatOf = (i: number) => (i % 3 === 0 ? "oc_sandbox_group" : `oc_storm_${i}`);

describe("retry storm", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("replies exactly once to each of 12 messages delivered 5 times each, some after the reply", async () => {
    sandbox.emulator.reset();
    // Some answers need the API, slowed down so that redeliveries land while the work is running.
    sandbox.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 150 }, times: "always" });
    const texts = ["/help", "/rooms yesterday", "/报告", "/meeting abc"];
    const first = await Promise.all(
      Array.from({ length: MESSAGES }, (_, i) =>
        sandbox.emulator.pushMessage({
          text: texts[i % texts.length]!,
          chatId: chatOf(i),
          chatType: "group",
          mentionBot: true,
          senderOpenId: `ou_storm_${i}`,
        }),
      ),
    );
    const again = (messageId: string, eventId?: string) =>
      sandbox.emulator.pushMessage({ text: "ignored: a redelivery repeats the stored event", messageId, ...(eventId ? { eventId } : {}) });
    // While the work runs: the same event twice more, and once under a new event_id.
    const during = await Promise.all(first.flatMap((d) => [again(d.messageId), again(d.messageId), again(d.messageId, `ev_${randomUUID()}`)]));
    const replied = (id: string) => sandbox.emulator.sent().filter((s) => s.parentId === id);
    await waitFor(() => (first.every((d) => replied(d.messageId).length > 0) ? true : undefined), 8_000, "every message answered");
    // After the reply: once more under the old event_id and once under yet another.
    const after = await Promise.all(first.flatMap((d) => [again(d.messageId, d.eventId), again(d.messageId, `ev_${randomUUID()}`)]));
    // A barrier instead of a sleep: a probe in every chat, answered. The queue answers one chat in
    // order, so a wrong second reply to any redelivery above would have been sent before its chat's probe.
    const chats = [...new Set(first.map((_, i) => chatOf(i)))];
    const probes = await Promise.all(
      chats.map((chatId, n) =>
        sandbox.emulator.pushMessage({ text: "/help", chatId, chatType: "group", mentionBot: true, senderOpenId: `ou_probe_${n}` }),
      ),
    );
    await waitFor(() => (probes.every((p) => replied(p.messageId).length > 0) ? true : undefined), 8_000, "every probe answered");

    expect([...first, ...during, ...after, ...probes].every((d) => d.status === 200)).toBe(true);
    expect(first.map((d) => replied(d.messageId).length)).toEqual(Array.from({ length: MESSAGES }, () => 1));
    // The bot itself called the reply API once per message: its own dedupe, not Feishu's uuid.
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "message_reply")).toHaveLength(MESSAGES + probes.length);
    expect(sandbox.emulator.sent()).toHaveLength(MESSAGES + probes.length);
  });
});
