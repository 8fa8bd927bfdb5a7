import { Client, DefaultCache } from "@larksuiteoapi/node-sdk";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_CHATS, createMessaging, type Messaging } from "../../../src/sandbox/emulator/messaging/index.js";
import { answerOf } from "./helpers.js";
import { FAKE_APP, SILENT_LOGGER, createFakeEmulator, type FakeEmulator } from "./messaging-fake-context.js";

const v2 = (text: string, config?: Record<string, unknown>) => ({
  schema: "2.0",
  ...(config ? { config } : {}),
  body: { elements: [{ tag: "markdown", content: text }] },
});
const v1 = (text: string, config?: Record<string, unknown>) => ({
  ...(config ? { config } : {}),
  elements: [{ tag: "div", text: { tag: "plain_text", content: text } }],
});

let emulator: FakeEmulator;
let messaging: Messaging;
let client: Client;
let baseUrl: string;

beforeEach(async () => {
  emulator = createFakeEmulator();
  messaging = createMessaging(emulator.ctx);
  baseUrl = await emulator.listen();
  client = new Client({ ...FAKE_APP, domain: baseUrl, cache: new DefaultCache(), logger: SILENT_LOGGER });
});

afterEach(async () => {
  await emulator.close();
});

async function sendCard(card: unknown, msgType = "interactive"): Promise<string> {
  const answer = await answerOf(
    client.im.v1.message.create({
      params: { receive_id_type: "chat_id" },
      data: { receive_id: SANDBOX_CHATS.group, msg_type: msgType, content: JSON.stringify(card) },
    }),
  );
  expect(answer.code).toBe(0);
  return answer.data?.["message_id"] as string;
}

const patch = (messageId: string, card: unknown) =>
  answerOf(client.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }));

const cardUpdate = (data: Record<string, unknown>) =>
  answerOf(client.request({ method: "POST", url: "/open-apis/interactive/v1/card/update", data }));

describe("PATCH /open-apis/im/v1/messages/:message_id", () => {
  it("replaces a 2.0 card, which is shared by default, and records the patch", async () => {
    const id = await sendCard(v2("before"));
    emulator.clock.now += 5000;
    const answer = await patch(id, v2("after"));
    expect(answer).toMatchObject({ code: 0, data: {} });
    const shown = messaging.message(id);
    expect(shown?.card).toEqual(v2("after"));
    expect(shown?.updateTime).toBe(emulator.clock.now);
    expect(messaging.sent().map((s) => s.kind)).toEqual(["create", "patch"]);
    expect(messaging.sent()[1]).toMatchObject({ messageId: id, content: JSON.stringify(v2("after")) });
  });

  it("wants update_multi true before and after: explicit in 1.0, not false in 2.0", async () => {
    const private1 = await sendCard(v1("a"));
    expect((await patch(private1, v1("b", { update_multi: true }))).code).toBe(230001);
    const shared1 = await sendCard(v1("a", { update_multi: true }));
    expect((await patch(shared1, v1("b"))).code).toBe(230001);
    expect((await patch(shared1, v1("b", { update_multi: true }))).code).toBe(0);
    const shared2 = await sendCard(v2("a"));
    // 2.0 supports shared cards only: update_multi false is a card error (230099), not a mismatch.
    const refused = await patch(shared2, v2("b", { update_multi: false }));
    expect(refused).toMatchObject({ code: 230099, msg: expect.stringContaining("ROOT -> config -> update_multi") });
    expect(messaging.message(shared2)?.card).toEqual(v2("a"));
    const notSent = await answerOf(
      client.im.v1.message.create({
        params: { receive_id_type: "chat_id" },
        data: { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: JSON.stringify(v2("a", { update_multi: false })) },
      }),
    );
    expect(notSent.code).toBe(230099);
    expect((await patch(shared2, v2("b", { update_multi: true }))).code).toBe(0);
  });

  it("refuses to turn a 2.0 card into a 1.0 card", async () => {
    const id = await sendCard(v2("a"));
    expect((await patch(id, v1("b", { update_multi: true }))).code).toBe(230001);
    expect(messaging.message(id)?.card).toEqual(v2("a"));
  });

  it("patches only cards: text messages and users' messages are refused", async () => {
    const text = await sendCard({ text: "plain" }, "text");
    const answer = await patch(text, v2("card"));
    expect(answer).toMatchObject({ code: 230001, msg: "Your request contains an invalid request parameter, ext=This message is NOT a card." });
    messaging.registerIncoming({
      messageId: "om_user",
      chatId: SANDBOX_CHATS.group,
      sender: { type: "user", id: "ou_user" },
      msgType: "text",
      content: "{}",
      createTime: emulator.clock.now,
      updateTime: emulator.clock.now,
    });
    expect((await patch("om_user", v2("card"))).code).toBe(230001);
    expect((await patch("om_nowhere", v2("card"))).msg).toContain("invalid message_id: om_nowhere");
  });

  it("updates messages up to 14 days old and refuses older ones with 230031 and HTTP 400", async () => {
    const id = await sendCard(v2("a"));
    emulator.clock.now += 14 * 24 * 3600 * 1000;
    expect((await patch(id, v2("b"))).code).toBe(0);
    emulator.clock.now += 1;
    expect(await patch(id, v2("c"))).toMatchObject({ code: 230031, msg: "Message can only be modified within 14 days after sending." });
    const raw = await fetch(`${baseUrl}/open-apis/im/v1/messages/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: JSON.stringify(v2("d")) }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ code: 230031 });
    expect(messaging.message(id)?.card).toEqual(v2("b"));
  });

  it("allows 5 updates a second per message with 230020 beyond", async () => {
    const id = await sendCard(v2("a"));
    const other = await sendCard(v2("a"));
    for (let i = 0; i < 5; i++) expect((await patch(id, v2(`n${i}`))).code).toBe(0);
    expect(await patch(id, v2("too many"))).toMatchObject({ code: 230020 });
    expect((await patch(other, v2("fine"))).code).toBe(0);
    emulator.clock.now += 1000;
    expect((await patch(id, v2("later"))).code).toBe(0);
  });

  it("validates the new card and its size like a send", async () => {
    const id = await sendCard(v2("a"));
    expect((await patch(id, { schema: "2.0", body: { elements: [{ tag: "chart" }] } })).code).toBe(230099);
    expect((await patch(id, v2("x".repeat(30 * 1024)))).code).toBe(230025);
    const missing = await answerOf(client.im.v1.message.patch({ path: { message_id: id }, data: {} as never }));
    expect(missing.code).toBe(99992402);
    expect(messaging.message(id)?.card).toEqual(v2("a"));
  });
});

describe("POST /open-apis/interactive/v1/card/update", () => {
  const TOKEN = "c-0123456789abcdef";

  function answered(messageId: string, token = TOKEN, status = 200, body = "{}") {
    return messaging.answerCallback({ token, messageId, status, body });
  }

  it("refuses a token whose callback has not been answered yet with 300030", async () => {
    const id = await sendCard(v2("a"));
    expect(await cardUpdate({ token: TOKEN, card: v2("b") })).toMatchObject({ code: 300030 });
    answered(id);
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(0);
  });

  it("updates the clicked card twice per token, then refuses with 300040", async () => {
    const id = await sendCard(v2("a"));
    answered(id);
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(0);
    expect(messaging.message(id)?.card).toEqual(v2("b"));
    expect((await cardUpdate({ token: TOKEN, card: v2("c") })).code).toBe(0);
    expect(await cardUpdate({ token: TOKEN, card: v2("d") })).toMatchObject({ code: 300040 });
    expect(messaging.message(id)?.card).toEqual(v2("c"));
    const updates = messaging.sent().filter((s) => s.kind === "card_update");
    expect(updates.map((s) => s.card)).toEqual([v2("b"), v2("c")]);
    expect(updates[0]).toMatchObject({ messageId: id, chatId: SANDBOX_CHATS.group, msgType: "interactive" });
  });

  it("honours a token for 30 minutes after the answer", async () => {
    const id = await sendCard(v2("a"));
    emulator.clock.now += 10_000;
    answered(id);
    emulator.clock.now += 30 * 60 * 1000 - 1;
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(0);
    emulator.clock.now += 1;
    expect(await cardUpdate({ token: TOKEN, card: v2("c") })).toMatchObject({ code: 300030 });
  });

  it("does not arm a token whose callback failed", async () => {
    const id = await sendCard(v2("a"));
    answered(id, TOKEN, 500, "");
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(300030);
  });

  it("checks the token's format, the card's presence and the card itself", async () => {
    const id = await sendCard(v2("a"));
    answered(id);
    expect(await cardUpdate({ token: "0123456789", card: v2("b") })).toMatchObject({ code: 300020 });
    expect(await cardUpdate({ card: v2("b") })).toMatchObject({ code: 300020 });
    expect(await cardUpdate({ token: TOKEN })).toMatchObject({ code: 10002 });
    expect(await cardUpdate({ token: TOKEN, card: { schema: "2.0", elements: [] } })).toMatchObject({ code: 11311 });
    expect(await cardUpdate({ token: TOKEN, card: v2("x".repeat(30 * 1024)) })).toMatchObject({ code: 11311 });
    expect(await cardUpdate({ token: TOKEN, card: v1("b", { update_multi: true }) })).toMatchObject({ code: 11311 });
    // Refused calls do not spend the token.
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(0);
    expect((await cardUpdate({ token: TOKEN, card: v2("c") })).code).toBe(0);
  });

  it("wants open_ids for a 1.0 card that is not shared, and then leaves the shared view alone", async () => {
    const id = await sendCard(v1("a"));
    answered(id);
    expect(await cardUpdate({ token: TOKEN, card: v1("b") })).toMatchObject({ code: 300090 });
    const forOne = await cardUpdate({ token: TOKEN, card: { ...v1("b"), open_ids: ["ou_user"] } });
    expect(forOne.code).toBe(0);
    expect(messaging.message(id)?.card).toEqual(v1("a"));
    expect(messaging.sent().at(-1)).toMatchObject({ kind: "card_update", card: v1("b") });
    expect((await cardUpdate({ token: TOKEN, card: v1("c", { update_multi: true }) })).code).toBe(0);
    expect(messaging.message(id)?.card).toEqual(v1("c", { update_multi: true }));
  });

  it("refuses to update a card sent more than 14 days ago with 230031, as PATCH does", async () => {
    const id = await sendCard(v2("a"));
    emulator.clock.now += 14 * 24 * 3600 * 1000 - 60_000;
    answered(id);
    emulator.clock.now += 60_000;
    expect((await cardUpdate({ token: TOKEN, card: v2("b") })).code).toBe(0);
    emulator.clock.now += 1;
    // The token is still armed and unspent (one use left, within 30 minutes): only the card's age refuses it.
    expect(await cardUpdate({ token: TOKEN, card: v2("c") })).toMatchObject({ code: 230031 });
    expect(messaging.message(id)?.card).toEqual(v2("b"));
  });

  it("names the offending component in a refused card", async () => {
    const id = await sendCard(v2("a"));
    answered(id);
    const card = { schema: "2.0", body: { elements: [{ tag: "table", columns: [{ name: "a" }], rows: [] }] } };
    expect(await cardUpdate({ token: TOKEN, card })).toMatchObject({
      code: 11311,
      msg: "card format is invalid: ROOT -> body -> elements -> [0](tag: table) -> columns -> [0]: data_type is required",
    });
  });

  it("refuses open_ids on a 2.0 card, which 2.0 does not know", async () => {
    const id = await sendCard(v2("a"));
    answered(id);
    expect(await cardUpdate({ token: TOKEN, card: { ...v2("b"), open_ids: ["ou_user"] } })).toMatchObject({ code: 11311 });
  });
});
