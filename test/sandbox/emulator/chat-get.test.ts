/**
 * GET /open-apis/im/v1/chats/:chat_id (im-v1/chat/get) through the real SDK: every chat the
 * emulator knows answers its true chat_mode, an unknown id is 232006, a group the bot is not in
 * answers without its mode (and refuses sends), scopes, parameters and the rate limit as documented.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, REQUIRED_SCOPES } from "../../../src/sandbox/emulator/endpoint-policy.js";
import { DEFAULT_SCOPES, SANDBOX_BOT_OPEN_ID, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import { SANDBOX_CHATS } from "../../../src/sandbox/emulator/messaging/index.js";
import { startBotServer, type BotServer } from "./events-bot-server.js";
import { answerOf, failure, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";

const VERIFICATION_TOKEN = "chat-get-verification";
const CHAT_SCOPES: readonly string[] = [SCOPES.chat, SCOPES.chatRead, SCOPES.chatReadonly];

let s: Started;
let bot: BotServer;
beforeAll(async () => {
  bot = await startBotServer();
  s = await startTestEmulator({ rateLimits: false, webhook: { eventUrl: `${bot.url}/webhook/event`, verificationToken: VERIFICATION_TOKEN } });
});
afterEach(() => s.emulator.reset());
const extra: Emulator[] = [];
afterAll(() => Promise.all([s.emulator.close(), bot.close(), ...extra.map((e) => e.close())]));
async function another(options: Parameters<typeof startTestEmulator>[0]): Promise<Started> {
  const started = await startTestEmulator({ rateLimits: false, ...options });
  extra.push(started.emulator);
  return started;
}

type UserIdType = "open_id" | "union_id" | "user_id";
const get = (client: Started["client"], chatId: string, userIdType?: UserIdType) =>
  client.im.v1.chat.get({ path: { chat_id: chatId }, ...(userIdType ? { params: { user_id_type: userIdType } } : {}) });
const modeOf = async (chatId: string) => (await get(s.client, chatId)).data?.chat_mode;

const card = { schema: "2.0", config: { update_multi: true }, body: { elements: [{ tag: "markdown", content: "hi" }] } };

async function sendCard(client: Started["client"], chatId: string): Promise<string> {
  const answer = await client.im.v1.message.create({
    params: { receive_id_type: "chat_id" },
    data: { receive_id: chatId, msg_type: "interactive", content: JSON.stringify(card) },
  });
  expect(answer.code).toBe(0);
  return answer.data!.message_id!;
}

describe("chat_mode of the chats the emulator knows", () => {
  it("answers the seeded group as a group, with a group's fields (chat_type is private/public, not the p2p flag)", async () => {
    const answer = await get(s.client, SANDBOX_CHATS.group);
    expect(answer.code).toBe(0);
    expect(answer.data).toMatchObject({
      chat_mode: "group",
      chat_type: "private",
      group_message_type: "chat",
      chat_status: "normal",
      external: false,
      bot_count: "1",
      add_member_permission: "all_members",
    });
    expect(typeof answer.data!.name).toBe("string");
    // The bot owns the sandbox's groups: the page leaves the owner out when a bot owns a group.
    expect(answer.data!.owner_id).toBeUndefined();
    // The answer names no chat id: the caller knows which it asked for.
    expect(answer.data).not.toHaveProperty("chat_id");
  });

  it("answers the seeded direct chat as p2p, without the fields the page says a direct chat lacks", async () => {
    const answer = await get(s.client, SANDBOX_CHATS.p2p);
    expect(answer.code).toBe(0);
    expect(answer.data).toMatchObject({ chat_mode: "p2p", user_count: "1", chat_status: "normal" });
    for (const absent of ["chat_type", "chat_tag", "owner_id", "owner_id_type", "add_member_permission", "group_message_type"]) {
      expect(answer.data, absent).not.toHaveProperty(absent);
    }
  });

  it("knows a direct chat and a group from the events it pushed, and their true mode", async () => {
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_pushed_p2p", chatType: "p2p" });
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_pushed_group", chatType: "group" });
    // An event into a new chat without a type is a group event, as the pusher delivers it.
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_pushed_untyped" });
    expect(await modeOf("oc_pushed_p2p")).toBe("p2p");
    expect(await modeOf("oc_pushed_group")).toBe("group");
    expect(await modeOf("oc_pushed_untyped")).toBe("group");
    expect(s.emulator.chat("oc_pushed_p2p")).toMatchObject({ type: "p2p", botIsMember: true });
  });

  it("refuses an event that would change a known chat's type: Feishu never does, and signs the type it sends", async () => {
    await expect(s.emulator.pushMessage({ text: "/help", chatId: SANDBOX_CHATS.group, chatType: "p2p" })).rejects.toThrow(/group chat/);
    await expect(s.emulator.pushMessage({ text: "/help", chatId: SANDBOX_CHATS.p2p, chatType: "group" })).rejects.toThrow(/p2p chat/);
    expect(await modeOf(SANDBOX_CHATS.group)).toBe("group");
    expect(await modeOf(SANDBOX_CHATS.p2p)).toBe("p2p");
  });

  it("counts the people who wrote in a group", async () => {
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_busy", senderOpenId: "ou_a" });
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_busy", senderOpenId: "ou_b" });
    await s.emulator.pushMessage({ text: "/rooms", chatId: "oc_busy", senderOpenId: "ou_a" });
    expect((await get(s.client, "oc_busy")).data!.user_count).toBe("2");
  });

  it("knows a chat a card was forwarded into (a click from there) as a group", async () => {
    const messageId = await sendCard(s.client, SANDBOX_CHATS.p2p);
    const click = await s.emulator.pushCardAction({ value: {}, openMessageId: messageId, chatId: "oc_forwarded_here" });
    expect(click.status).toBe(200);
    expect(await modeOf("oc_forwarded_here")).toBe("group");
    // The direct chat the card came from is still a direct chat.
    expect(await modeOf(SANDBOX_CHATS.p2p)).toBe("p2p");
  });
});

describe("unknown chats", () => {
  it("answers an id it never heard of with 232006, HTTP 400, Feishu's words", async () => {
    for (const id of ["oc_never_seen", "not-a-chat-id", "oc_sandbox_group_2"]) {
      const answer = await failure(get(s.client, id));
      expect(answer.status, id).toBe(400);
      expect(answer.data, id).toMatchObject({ code: 232006, msg: "Your request specifies a chat_id which is invalid." });
    }
  });

  it("forgets pushed chats on reset(), as it forgets their messages; the seeded ones stay", async () => {
    await s.emulator.pushMessage({ text: "/help", chatId: "oc_short_lived", chatType: "p2p" });
    expect(await modeOf("oc_short_lived")).toBe("p2p");
    s.emulator.reset();
    expect(s.emulator.messages("oc_short_lived")).toEqual([]);
    expect((await failure(get(s.client, "oc_short_lived"))).data.code).toBe(232006);
    expect(await modeOf(SANDBOX_CHATS.group)).toBe("group");
    expect(await modeOf(SANDBOX_CHATS.p2p)).toBe("p2p");
  });

  it("an id with a slash does not reach another path: it is one (unknown) chat id", async () => {
    const answer = await failure(get(s.client, encodeURIComponent("oc_x/../../bot/v3/info")));
    expect(answer.data.code).toBe(232006);
  });
});

describe("a group the bot is not in", () => {
  it("answers only the name, avatar, member count and status: no chat_mode", async () => {
    s.emulator.removeBotFromChat(SANDBOX_CHATS.group);
    const answer = await get(s.client, SANDBOX_CHATS.group);
    expect(answer.code).toBe(0);
    expect(Object.keys(answer.data!).sort()).toEqual(["avatar", "chat_status", "name", "user_count"]);
    expect(s.emulator.chat(SANDBOX_CHATS.group)).toMatchObject({ type: "group", botIsMember: false });
  });

  it("refuses sends and replies into it with 230002 and delivers no message event from it", async () => {
    const { messageId } = await s.emulator.pushMessage({ text: "/help", chatId: "oc_left_later" });
    s.emulator.removeBotFromChat("oc_left_later");
    const create = await answerOf(
      s.client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: "oc_left_later", msg_type: "text", content: JSON.stringify({ text: "hi" }) },
      }),
    );
    expect(create).toMatchObject({ code: 230002, msg: "The bot can not be outside the group." });
    const reply = await answerOf(
      s.client.im.v1.message.reply({ path: { message_id: messageId }, data: { msg_type: "text", content: JSON.stringify({ text: "hi" }) } }),
    );
    expect(reply.code).toBe(230002);
    await expect(s.emulator.pushMessage({ text: "/help", chatId: "oc_left_later" })).rejects.toThrow(/not in chat oc_left_later/);
  });

  it("still delivers a click on a card forwarded into a group without the bot; that chat's info has no mode", async () => {
    s.emulator.removeBotFromChat("oc_no_bot_here");
    const messageId = await sendCard(s.client, SANDBOX_CHATS.p2p);
    const click = await s.emulator.pushCardAction({ value: {}, openMessageId: messageId, chatId: "oc_no_bot_here" });
    expect(click.status).toBe(200);
    const data = (await get(s.client, "oc_no_bot_here")).data!;
    expect(data.chat_mode).toBeUndefined();
    expect(data.name).toBeTruthy();
  });

  it("cannot take the bot out of a direct chat; reset() puts it back into the groups", async () => {
    expect(() => s.emulator.removeBotFromChat(SANDBOX_CHATS.p2p)).toThrow(/direct chat/);
    s.emulator.removeBotFromChat(SANDBOX_CHATS.group);
    s.emulator.reset();
    expect(await modeOf(SANDBOX_CHATS.group)).toBe("group");
    await sendCard(s.client, SANDBOX_CHATS.group);
  });
});

describe("scopes, parameters and the rate limit", () => {
  it("needs any one of im:chat, im:chat:read, im:chat:readonly (99991672 naming them otherwise)", async () => {
    expect([...REQUIRED_SCOPES.chat_get].sort()).toEqual([...CHAT_SCOPES].sort());
    const without = DEFAULT_SCOPES.filter((x) => !CHAT_SCOPES.includes(x));
    const none = await another({ scopes: without });
    const denied = await failure(get(none.client, SANDBOX_CHATS.group));
    expect(denied.status).toBe(400);
    expect(denied.data.code).toBe(99991672);
    for (const scope of CHAT_SCOPES) expect(denied.data.msg).toContain(scope);
    for (const scope of CHAT_SCOPES) {
      const one = await another({ scopes: [...without, scope] });
      expect((await get(one.client, SANDBOX_CHATS.group)).code, scope).toBe(0);
    }
    // The default app holds the read-only one and neither of the broader ones.
    expect(DEFAULT_SCOPES).toContain(SCOPES.chatReadonly);
    expect(DEFAULT_SCOPES).not.toContain(SCOPES.chat);
  });

  it("refuses a user_id_type outside its enum (99992402) and user_id without contact:user.employee_id:readonly", async () => {
    const token = await tenantToken(s.emulator);
    const bad = await raw(s.emulator, "GET", `/open-apis/im/v1/chats/${SANDBOX_CHATS.group}`, { token, query: "user_id_type=email" });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "user_id_type", value: "email" }] } });
    for (const type of ["open_id", "union_id", "user_id"] as const) expect((await get(s.client, SANDBOX_CHATS.p2p, type)).code).toBe(0);
    const noUserId = await another({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.userId) });
    const denied = await failure(get(noUserId.client, SANDBOX_CHATS.group, "user_id"));
    expect(denied.data.code).toBe(99991672);
    expect(denied.data.msg).toContain(SCOPES.userId);
  });

  it("needs a tenant token", async () => {
    const answer = await raw(s.emulator, "GET", `/open-apis/im/v1/chats/${SANDBOX_CHATS.group}`);
    expect(answer.json.code).toBe(99991661);
  });

  it("is limited to 50 a second and 1000 a minute (the page's figures): the 51st call in a second gets 429 / 99991400", async () => {
    expect(DEFAULT_LIMITS.chat_get).toEqual([
      { max: 50, windowMs: 1000 },
      { max: 1000, windowMs: 60_000 },
    ]);
    const limited = await another({ rateLimits: true });
    const token = await tenantToken(limited.emulator);
    const path = `/open-apis/im/v1/chats/${SANDBOX_CHATS.group}`;
    const answers = await Promise.all(Array.from({ length: 51 }, () => raw(limited.emulator, "GET", path, { token })));
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.json.code).toBe(99991400);
    expect(refused[0]!.headers.get("x-ogw-ratelimit-reset")).toBeTruthy();
    limited.clock.now += 1000;
    expect((await raw(limited.emulator, "GET", path, { token })).json.code).toBe(0);
  });

  it("logs each call as chat_get and takes faults aimed at it", async () => {
    s.emulator.injectFault({ endpoint: "chat_get", effect: { kind: "code", code: 232011, httpStatus: 400 }, times: "once" });
    const faulted = await failure(get(s.client, SANDBOX_CHATS.group));
    expect(faulted.data).toMatchObject({ code: 232011, msg: "Operator can NOT be out of the chat." });
    expect(await modeOf(SANDBOX_CHATS.group)).toBe("group");
    const logged = s.emulator.calls().filter((c) => c.endpoint === "chat_get");
    expect(logged.map((c) => [c.path, c.code])).toEqual([
      [`/open-apis/im/v1/chats/${SANDBOX_CHATS.group}`, 232011],
      [`/open-apis/im/v1/chats/${SANDBOX_CHATS.group}`, 0],
    ]);
  });
});

describe("the bot's own identity is not a chat", () => {
  it("does not answer the bot's open_id as a chat id", async () => {
    expect((await failure(get(s.client, SANDBOX_BOT_OPEN_ID))).data.code).toBe(232006);
  });
});
