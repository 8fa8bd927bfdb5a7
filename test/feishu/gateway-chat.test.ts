/**
 * getChat through the real SDK over HTTP against the emulator: the mode of a direct chat and of a
 * group, kept for hours (one upstream call), never a failure kept; Feishu's error codes become
 * FeishuErrors the caller can tell apart.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FeishuError } from "../../src/feishu/errors.js";
import { DOCUMENTED_LIMITS, lanesFor } from "../../src/feishu/limits.js";
import { DEFAULT_SCOPES, SCOPES } from "../../src/sandbox/emulator/index.js";
import { NO_RETRY, NOW, startRig, type GatewayRig } from "./helpers/emulator.js";

const GROUP = "oc_sandbox_group";
const P2P = "oc_sandbox_p2p";
const HOUR_MS = 3_600_000;

// A fresh gateway (and so a fresh cache) for each test.
let rig: GatewayRig;
beforeEach(async () => {
  // The gateway's cache lifetimes run on the (possibly faked) Date; the emulator stays at NOW.
  rig = await startRig({ retry: NO_RETRY, gateway: { now: () => Date.now() } });
});
afterEach(async () => {
  vi.useRealTimers();
  await rig.close();
});

const calls = () => rig.emulator.calls().filter((c) => c.endpoint === "chat_get");

async function rejection(promise: Promise<unknown>): Promise<FeishuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FeishuError);
  return error as FeishuError;
}

describe("getChat", () => {
  it("tells a direct chat from a group, as Feishu reports them", async () => {
    await expect(rig.gateway.getChat(P2P)).resolves.toEqual({ chatId: P2P, mode: "p2p" });
    await expect(rig.gateway.getChat(GROUP)).resolves.toEqual({ chatId: GROUP, mode: "group" });
    expect(calls().map((c) => c.path)).toEqual([`/open-apis/im/v1/chats/${P2P}`, `/open-apis/im/v1/chats/${GROUP}`]);
    // Nothing but the chat id is sent.
    expect(calls().every((c) => Object.keys(c.query).length === 0)).toBe(true);
  });

  it("learns the mode of a direct chat the emulator only knows from a pushed event", async () => {
    rig.emulator.setWebhook({ eventUrl: "http://127.0.0.1:9/webhook/event", verificationToken: "v" });
    await rig.emulator.pushMessage({ text: "/help", chatId: "oc_someone_p2p", chatType: "p2p" });
    expect((await rig.gateway.getChat("oc_someone_p2p")).mode).toBe("p2p");
    rig.emulator.setWebhook(undefined);
  });

  it("asks Feishu once per chat: the second call, and concurrent ones, make no HTTP call", async () => {
    const first = await rig.gateway.getChat(P2P);
    const again = await Promise.all(Array.from({ length: 10 }, () => rig.gateway.getChat(P2P)));
    expect(again.every((c) => c.mode === "p2p")).toBe(true);
    expect(calls()).toHaveLength(1);
    // Another chat is another question.
    await rig.gateway.getChat(GROUP);
    expect(calls()).toHaveLength(2);
    // A caller changing its copy changes nobody else's.
    first.mode = "group";
    expect((await rig.gateway.getChat(P2P)).mode).toBe("p2p");
  });

  it("keeps a known mode for 12 hours, then asks again", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    await rig.gateway.getChat(GROUP);
    vi.setSystemTime(NOW + 11 * HOUR_MS);
    await rig.gateway.getChat(GROUP);
    expect(calls()).toHaveLength(1);
    vi.setSystemTime(NOW + 12 * HOUR_MS + 1000);
    await rig.gateway.getChat(GROUP);
    expect(calls()).toHaveLength(2);
  });

  it("reads a group the bot is not in (no chat_mode in the answer) as unknown, and keeps that only a minute", async () => {
    rig.emulator.removeBotFromChat("oc_without_bot");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const chat = await rig.gateway.getChat("oc_without_bot");
    expect(chat).toEqual({ chatId: "oc_without_bot", mode: { kind: "unknown", raw: "" } });
    vi.setSystemTime(NOW + 30_000);
    await rig.gateway.getChat("oc_without_bot");
    expect(calls()).toHaveLength(1);
    vi.setSystemTime(NOW + 61_000);
    await rig.gateway.getChat("oc_without_bot");
    expect(calls()).toHaveLength(2);
  });

  it("rejects an unknown chat with Feishu's 232006 (HTTP 400), not retryable, and does not keep the failure", async () => {
    const error = await rejection(rig.gateway.getChat("oc_nobody_knows"));
    expect(error).toMatchObject({ code: 232006, httpStatus: 400, endpoint: "chat_get", retryable: false, tokenExpired: false });
    expect(error.feishuMsg).toBe("Your request specifies a chat_id which is invalid.");
    // Asked again, Feishu is asked again: and once the chat exists, it is answered.
    rig.emulator.setWebhook({ eventUrl: "http://127.0.0.1:9/webhook/event", verificationToken: "v" });
    await rig.emulator.pushMessage({ text: "/help", chatId: "oc_nobody_knows", chatType: "p2p" });
    rig.emulator.setWebhook(undefined);
    expect((await rig.gateway.getChat("oc_nobody_knows")).mode).toBe("p2p");
    expect(calls().map((c) => c.code)).toEqual([232006, 0]);
  });

  it("maps 232011 (not in the chat) to its own code, and a later success is kept", async () => {
    rig.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "code", code: 232011, httpStatus: 400 }, times: "once" });
    const error = await rejection(rig.gateway.getChat(GROUP));
    expect(error).toMatchObject({ code: 232011, httpStatus: 400, retryable: false });
    expect(error.feishuMsg).toBe("Operator can NOT be out of the chat.");
    expect((await rig.gateway.getChat(GROUP)).mode).toBe("group");
    await rig.gateway.getChat(GROUP);
    expect(calls().map((c) => c.code)).toEqual([232011, 0]);
  });

  it("reports a server failure as retryable and a missing scope as 99991672", async () => {
    rig.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "http", status: 503 }, times: "once" });
    expect(await rejection(rig.gateway.getChat(P2P))).toMatchObject({ httpStatus: 503, retryable: true });
    const noScope = await startRig({
      retry: NO_RETRY,
      emulator: { scopes: DEFAULT_SCOPES.filter((s) => s !== SCOPES.chatReadonly) },
    });
    try {
      const error = await rejection(noScope.gateway.getChat(P2P));
      expect(error).toMatchObject({ code: 99991672, retryable: false, endpoint: "chat_get" });
      expect(error.feishuMsg).toContain("im:chat:readonly");
    } finally {
      await noScope.close();
    }
  });

  it("puts the id into the path encoded: an id can only ever name one chat", async () => {
    const error = await rejection(rig.gateway.getChat("oc_x/../../../bot/v3/info"));
    expect(error.code).toBe(232006);
    expect(rig.emulator.calls().filter((c) => c.endpoint === "bot_info")).toHaveLength(0);
  });
});

describe("getChat's rate limit", () => {
  it("spends its own budget of 50 a second and 1000 a minute (the page's figures)", () => {
    expect(DOCUMENTED_LIMITS.chat_get).toEqual([
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
    expect(lanesFor("chat_get", DOCUMENTED_LIMITS, undefined)).toEqual([
      { bucket: "chat_get", budget: "chat_get", windows: DOCUMENTED_LIMITS.chat_get },
    ]);
  });
});
