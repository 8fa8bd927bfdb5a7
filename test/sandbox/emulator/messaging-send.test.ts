import { Client, DefaultCache } from "@larksuiteoapi/node-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_CHATS, createMessaging, type Messaging } from "../../../src/sandbox/emulator/messaging/index.js";
import { answerOf } from "./helpers.js";
import { FAKE_APP, SILENT_LOGGER, createFakeEmulator, type FakeEmulator } from "./messaging-fake-context.js";

/** The SDK returns 200 answers and throws 4xx ones; tests want both as the body Feishu sent. */
const card = (text = "hello") =>
  JSON.stringify({ schema: "2.0", config: { update_multi: true }, body: { elements: [{ tag: "markdown", content: text }] } });

let emulator: FakeEmulator;
let messaging: Messaging;
let client: Client;
let baseUrl: string;

beforeEach(async () => {
  emulator = createFakeEmulator();
  messaging = createMessaging(emulator.ctx);
  emulator.mount("/_emulator", messaging.control);
  baseUrl = await emulator.listen();
  client = new Client({ ...FAKE_APP, domain: baseUrl, cache: new DefaultCache(), logger: SILENT_LOGGER });
});

afterEach(async () => {
  await emulator.close();
});

function userMessage(messageId: string, chatId: string = SANDBOX_CHATS.group) {
  messaging.registerIncoming({
    messageId,
    chatId,
    chatType: chatId === SANDBOX_CHATS.p2p ? "p2p" : "group",
    sender: { type: "user", id: "ou_user" },
    msgType: "text",
    content: JSON.stringify({ text: "@_user_1 /meeting 123" }),
    createTime: emulator.clock.now,
    updateTime: emulator.clock.now,
  });
}

const create = (data: Record<string, unknown>, receiveIdType = "chat_id") =>
  answerOf(client.im.v1.message.create({ params: { receive_id_type: receiveIdType as "chat_id" }, data: data as never }));
const reply = (messageId: string, data: Record<string, unknown>) =>
  answerOf(client.im.v1.message.reply({ path: { message_id: messageId }, data: data as never }));

describe("POST /open-apis/im/v1/messages (send)", () => {
  it("sends a card to a seeded chat and answers with the message object", async () => {
    const content = card();
    const answer = await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content });
    expect(answer.code).toBe(0);
    expect(answer.data).toMatchObject({
      chat_id: SANDBOX_CHATS.group,
      msg_type: "interactive",
      create_time: String(emulator.clock.now),
      deleted: false,
      updated: false,
      sender: { id: FAKE_APP.appId, id_type: "app_id", sender_type: "app" },
      body: { content },
    });
    expect(answer.data?.["message_id"]).toMatch(/^om_[0-9a-f]{32}$/);
    expect(answer.data).not.toHaveProperty("parent_id");
    const [sent] = messaging.sent();
    expect(sent).toMatchObject({ kind: "create", messageId: answer.data?.["message_id"], chatId: SANDBOX_CHATS.group, content });
    expect(sent?.card).toEqual(JSON.parse(content));
  });

  it("lists what was sent and each chat's messages on the control router", async () => {
    await create({ receive_id: SANDBOX_CHATS.p2p, msg_type: "text", content: JSON.stringify({ text: "hi" }) });
    await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: card() });
    const sent = (await (await fetch(`${baseUrl}/_emulator/sent`)).json()) as { chatId: string }[];
    expect(sent.map((s) => s.chatId)).toEqual([SANDBOX_CHATS.p2p, SANDBOX_CHATS.group]);
    const inGroup = (await (await fetch(`${baseUrl}/_emulator/messages?chat_id=${SANDBOX_CHATS.group}`)).json()) as unknown[];
    expect(inGroup).toHaveLength(1);
    expect(messaging.messages()).toHaveLength(2);
  });

  it("accepts a chat that a pushed message named, and refuses chats it does not know", async () => {
    const unknown = await create({ receive_id: "oc_elsewhere", msg_type: "text", content: JSON.stringify({ text: "x" }) });
    expect(unknown).toMatchObject({ code: 230001 });
    expect(unknown.msg).toContain("invalid receive_id");
    userMessage("om_from_elsewhere", "oc_elsewhere");
    const known = await create({ receive_id: "oc_elsewhere", msg_type: "text", content: JSON.stringify({ text: "x" }) });
    expect(known.code).toBe(0);
  });

  it("refuses a missing or unknown receive_id_type with 99992402 and a user id with 230001", async () => {
    const response = await fetch(`${baseUrl}/open-apis/im/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ receive_id: SANDBOX_CHATS.group, msg_type: "text", content: "{}" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 99992402,
      msg: "field validation failed",
      error: { field_violations: [{ field: "receive_id_type" }] },
    });
    expect((await create({ receive_id: "x", msg_type: "text", content: "{}" }, "thread_id")).code).toBe(99992402);
    const toUser = await create({ receive_id: "ou_someone", msg_type: "text", content: JSON.stringify({ text: "x" }) }, "open_id");
    expect(toUser.code).toBe(230001);
  });

  it("refuses missing fields and a uuid over 50 characters with 99992402", async () => {
    expect((await create({ receive_id: SANDBOX_CHATS.group, content: card() })).code).toBe(99992402);
    expect((await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive" })).code).toBe(99992402);
    expect((await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: { schema: "2.0" } })).code).toBe(99992402);
    expect((await create({ msg_type: "interactive", content: card() })).code).toBe(99992402);
    const long = await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: card(), uuid: "u".repeat(51) });
    expect(long).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "uuid" }] } });
    const fifty = await create({ receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: card(), uuid: "u".repeat(50) });
    expect(fifty.code).toBe(0);
    expect(messaging.sent()).toHaveLength(1);
  });

  it("refuses an unknown msg_type, bad content, a bad card and content over 30 KB", async () => {
    const to = { receive_id: SANDBOX_CHATS.group };
    expect(await create({ ...to, msg_type: "card", content: card() })).toMatchObject({ code: 230001 });
    expect(await create({ ...to, msg_type: "text", content: "plain words" })).toMatchObject({ code: 230001 });
    const badCard = await create({ ...to, msg_type: "interactive", content: JSON.stringify({ schema: "2.0", elements: [] }) });
    expect(badCard.code).toBe(230099);
    expect(badCard.msg).toContain("ErrPath: ROOT -> elements");
    const huge = card("x".repeat(30 * 1024));
    expect(await create({ ...to, msg_type: "interactive", content: huge })).toMatchObject({ code: 230025 });
    expect(messaging.sent()).toEqual([]);
  });

  it("limits sending to 5 a second per chat with 230020, other chats unaffected", async () => {
    const text = { msg_type: "text", content: JSON.stringify({ text: "x" }) };
    for (let i = 0; i < 5; i++) {
      expect((await create({ ...text, receive_id: SANDBOX_CHATS.group })).code).toBe(0);
    }
    expect(await create({ ...text, receive_id: SANDBOX_CHATS.group })).toMatchObject({ code: 230020 });
    expect((await create({ ...text, receive_id: SANDBOX_CHATS.p2p })).code).toBe(0);
    emulator.clock.now += 1000;
    expect((await create({ ...text, receive_id: SANDBOX_CHATS.group })).code).toBe(0);
  });
});

describe("uuid idempotence", () => {
  it("returns the original message for the same uuid within the hour and sends a new one after", async () => {
    const data = { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: card("first"), uuid: "digest-2025-06-02" };
    const first = await create(data);
    emulator.clock.now += 60 * 60 * 1000 - 1;
    const again = await create({ ...data, content: card("second") });
    expect(again.data?.["message_id"]).toBe(first.data?.["message_id"]);
    expect(again.data?.["body"]).toEqual({ content: card("first") });
    expect(messaging.sent()).toHaveLength(1);

    emulator.clock.now += 1;
    const later = await create(data);
    expect(later.code).toBe(0);
    expect(later.data?.["message_id"]).not.toBe(first.data?.["message_id"]);
    expect(messaging.sent().map((s) => s.uuid)).toEqual(["digest-2025-06-02", "digest-2025-06-02"]);
  });

  it("makes replies idempotent too, and different uuids send different messages", async () => {
    userMessage("om_cmd");
    const data = { msg_type: "interactive", content: card(), uuid: "reply-om_cmd" };
    const first = await reply("om_cmd", data);
    const second = await reply("om_cmd", data);
    const other = await reply("om_cmd", { ...data, uuid: "reply-om_cmd-2" });
    expect(second.data?.["message_id"]).toBe(first.data?.["message_id"]);
    expect(other.data?.["message_id"]).not.toBe(first.data?.["message_id"]);
    expect(messaging.sent()).toHaveLength(2);
  });
});

describe("POST /open-apis/im/v1/messages/:message_id/reply", () => {
  it("replies to a pushed message in its chat with parent_id and root_id", async () => {
    userMessage("om_cmd", SANDBOX_CHATS.p2p);
    const answer = await reply("om_cmd", { msg_type: "interactive", content: card() });
    expect(answer.code).toBe(0);
    expect(answer.data).toMatchObject({ chat_id: SANDBOX_CHATS.p2p, parent_id: "om_cmd", root_id: "om_cmd" });
    expect(answer.data).not.toHaveProperty("thread_id");
    expect(messaging.sent()[0]).toMatchObject({ kind: "reply", parentId: "om_cmd", chatId: SANDBOX_CHATS.p2p });
  });

  it("replies to the bot's own message, keeping the thread's root", async () => {
    userMessage("om_cmd");
    const first = await reply("om_cmd", { msg_type: "interactive", content: card() });
    const second = await reply(first.data?.["message_id"] as string, { msg_type: "text", content: JSON.stringify({ text: "more" }) });
    expect(second.data).toMatchObject({ parent_id: first.data?.["message_id"], root_id: "om_cmd" });
  });

  it("opens a thread with reply_in_thread and stays in it", async () => {
    userMessage("om_cmd");
    const first = await reply("om_cmd", { msg_type: "interactive", content: card(), reply_in_thread: true });
    expect(first.data?.["thread_id"]).toMatch(/^omt_/);
    const second = await reply(first.data?.["message_id"] as string, { msg_type: "interactive", content: card() });
    expect(second.data).toMatchObject({ thread_id: first.data?.["thread_id"], parent_id: "om_cmd", root_id: "om_cmd" });
  });

  it("keeps one thread per message: a later reply_in_thread to it, or a plain reply, joins the thread; the sent log records it", async () => {
    userMessage("om_cmd");
    const plain = await reply("om_cmd", { msg_type: "interactive", content: card() });
    expect(plain.data).not.toHaveProperty("thread_id");
    const first = await reply("om_cmd", { msg_type: "interactive", content: card(), reply_in_thread: true });
    const thread = first.data?.["thread_id"] as string;
    expect(thread).toMatch(/^omt_/);
    const second = await reply("om_cmd", { msg_type: "interactive", content: card(), reply_in_thread: true });
    expect(second.data).toMatchObject({ thread_id: thread, parent_id: "om_cmd", root_id: "om_cmd" });
    // im-message-reply.md: a reply to a message already in a thread is a thread reply by default.
    const third = await reply("om_cmd", { msg_type: "interactive", content: card() });
    expect(third.data).toMatchObject({ thread_id: thread });
    const log = messaging.sent();
    expect(log.map((s) => s.threadId)).toEqual([undefined, thread, thread, thread]);
    expect(log.every((s) => s.parentId === "om_cmd")).toBe(true);
  });

  it("roots a thread opened on a reply at that reply, not at the message it answered", async () => {
    userMessage("om_cmd");
    const answer = await reply("om_cmd", { msg_type: "interactive", content: card() });
    const listId = answer.data?.["message_id"] as string;
    expect(answer.data).toMatchObject({ parent_id: "om_cmd", root_id: "om_cmd" });
    const first = await reply(listId, { msg_type: "interactive", content: card(), reply_in_thread: true });
    const second = await reply(listId, { msg_type: "interactive", content: card(), reply_in_thread: true });
    const inside = await reply(first.data?.["message_id"] as string, { msg_type: "interactive", content: card() });
    for (const r of [first, second, inside]) {
      expect(r.data).toMatchObject({ parent_id: listId, root_id: listId, thread_id: first.data?.["thread_id"] });
    }
  });

  it("opens no thread for a reply it refuses", async () => {
    userMessage("om_cmd");
    const refused = await reply("om_cmd", { msg_type: "interactive", content: "{not json", reply_in_thread: true });
    expect(refused.code).not.toBe(0);
    const later = await reply("om_cmd", { msg_type: "interactive", content: card() });
    expect(later.data).not.toHaveProperty("thread_id");
  });

  it("refuses a message it does not know with 230001 and a bad reply_in_thread with 99992402", async () => {
    const unknown = await reply("om_nowhere", { msg_type: "interactive", content: card() });
    expect(unknown.code).toBe(230001);
    expect(unknown.msg).toBe("Your request contains an invalid request parameter, ext=invalid message_id: om_nowhere.");
    userMessage("om_cmd");
    const bad = await reply("om_cmd", { msg_type: "interactive", content: card(), reply_in_thread: "yes" });
    expect(bad.code).toBe(99992402);
  });

  it("validates the content of a reply like a send", async () => {
    userMessage("om_cmd");
    const badCard = await reply("om_cmd", { msg_type: "interactive", content: JSON.stringify({ schema: "2.0", body: { elements: [{ tag: "note" }] } }) });
    expect(badCard.code).toBe(230099);
    expect(badCard.msg).toContain("ErrCode: 200861");
    expect(messaging.sent()).toEqual([]);
  });

  it("limits replies to 5 a second in the replied message's chat", async () => {
    userMessage("om_cmd");
    const text = { msg_type: "text", content: JSON.stringify({ text: "x" }) };
    for (let i = 0; i < 5; i++) expect((await reply("om_cmd", text)).code).toBe(0);
    expect((await reply("om_cmd", text)).code).toBe(230020);
  });
});

describe("reset", () => {
  it("forgets messages, chats from events and uuids, and keeps the seeded chats", async () => {
    userMessage("om_cmd", "oc_elsewhere");
    await reply("om_cmd", { msg_type: "text", content: JSON.stringify({ text: "x" }), uuid: "u1" });
    messaging.reset();
    expect(messaging.sent()).toEqual([]);
    expect(messaging.messages()).toEqual([]);
    expect(messaging.chatType("oc_elsewhere")).toBeUndefined();
    expect(messaging.chatType(SANDBOX_CHATS.group)).toBe("group");
    expect((await reply("om_cmd", { msg_type: "text", content: "{}" })).code).toBe(230001);
  });
});
