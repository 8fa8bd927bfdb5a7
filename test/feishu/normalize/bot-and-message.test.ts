import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeBotInfo } from "../../../src/feishu/normalize/bot-info.js";
import { normalizeSentMessage } from "../../../src/feishu/normalize/message.js";

describe("normalizeBotInfo", () => {
  it("reads the bot beside the code, as /bot/v3/info answers", () => {
    const body = { code: 0, msg: "ok", bot: { activate_status: 2, app_name: "Meeting Bot", open_id: "ou_bot" } };
    expect(normalizeBotInfo(body)).toEqual({ openId: "ou_bot", name: "Meeting Bot" });
  });

  it("also reads it under data", () => {
    expect(normalizeBotInfo({ code: 0, data: { bot: { app_name: "B", open_id: "ou_b" } } })).toEqual({
      openId: "ou_b",
      name: "B",
    });
  });

  it("rejects an answer without the bot's open_id", () => {
    expect(() => normalizeBotInfo({ code: 0, bot: { app_name: "x" } })).toThrow(FeishuError);
  });
});

describe("normalizeSentMessage", () => {
  it("reads the message and chat ids", () => {
    const data = { message_id: "om_1", chat_id: "oc_1", msg_type: "interactive", root_id: "om_0" };
    expect(normalizeSentMessage("message_reply", data)).toEqual({ messageId: "om_1", chatId: "oc_1" });
  });

  it("rejects an answer without a message id", () => {
    expect(() => normalizeSentMessage("message_create", { chat_id: "oc_1" })).toThrow(/message_create/);
  });
});
