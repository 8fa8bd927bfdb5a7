import { describe, expect, it } from "vitest";
import { chatTtl, TTL_SECONDS } from "../../../src/feishu/cache-policy.js";
import { FeishuError, MALFORMED_RESPONSE_CODE } from "../../../src/feishu/errors.js";
import { chatMode, normalizeChat } from "../../../src/feishu/normalize/chat.js";

const clock = { now: () => Date.parse("2024-06-12T15:00:00+08:00"), timezone: "Asia/Shanghai" };

describe("normalizeChat", () => {
  it("reads each documented chat_mode by name, with the id that was asked for (the answer names none)", () => {
    expect(normalizeChat("oc_1", { chat_mode: "p2p", name: "" })).toEqual({ chatId: "oc_1", mode: "p2p" });
    expect(normalizeChat("oc_2", { chat_mode: "group", chat_type: "private" })).toEqual({ chatId: "oc_2", mode: "group" });
    expect(normalizeChat("oc_3", { chat_mode: "topic" })).toEqual({ chatId: "oc_3", mode: "topic" });
  });

  it("never reads chat_type as the direct-chat flag: a public or private group is a group", () => {
    expect(normalizeChat("oc_1", { chat_mode: "group", chat_type: "public" }).mode).toBe("group");
    expect(normalizeChat("oc_1", { chat_type: "p2p" }).mode).toEqual({ kind: "unknown", raw: "" });
  });

  it("keeps a mode Feishu adds later as unknown with its raw value", () => {
    expect(normalizeChat("oc_1", { chat_mode: "meeting_room" }).mode).toEqual({ kind: "unknown", raw: "meeting_room" });
    // Case matters: "P2P" is not a documented value.
    expect(chatMode("P2P")).toEqual({ kind: "unknown", raw: "P2P" });
    expect(chatMode("toString")).toEqual({ kind: "unknown", raw: "toString" });
  });

  it("reads an answer without chat_mode (a chat the bot is not in) as unknown, never as a direct chat", () => {
    const partial = { avatar: "https://x", name: "Someone's group", user_count: "12", chat_status: "normal" };
    expect(normalizeChat("oc_1", partial)).toEqual({ chatId: "oc_1", mode: { kind: "unknown", raw: "" } });
    expect(chatMode(null)).toEqual({ kind: "unknown", raw: "" });
  });

  it("rejects a missing data object or a chat_mode that is not text as a malformed response", () => {
    for (const data of [undefined, null, "p2p", [], { chat_mode: 1 }, { chat_mode: { mode: "p2p" } }]) {
      let thrown: unknown;
      try {
        normalizeChat("oc_1", data);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(data)).toBeInstanceOf(FeishuError);
      expect((thrown as FeishuError).code).toBe(MALFORMED_RESPONSE_CODE);
      expect((thrown as FeishuError).endpoint).toBe("chat_get");
    }
  });
});

describe("how long a chat's mode is kept", () => {
  it("keeps a known mode for 12 hours and an unknown one for a minute", () => {
    expect(TTL_SECONDS.chat).toBe(12 * 3600);
    for (const mode of ["p2p", "group", "topic"] as const) expect(chatTtl({ chatId: "oc_1", mode }, clock)).toBe(12 * 3600);
    expect(chatTtl({ chatId: "oc_1", mode: { kind: "unknown", raw: "" } }, clock)).toBe(60);
    expect(chatTtl({ chatId: "oc_1", mode: { kind: "unknown", raw: "new" } }, clock)).toBe(60);
  });
});
