/**
 * Pushes over the long connection to the SDK's real WSClient: messages and clicks acked once and
 * read like webhook answers, fragments, one client per push, a dropped socket, no client at all.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NO_CONNECTION, SANDBOX_VERIFICATION_TOKEN } from "../../../src/sandbox/emulator/index.js";
import { SANDBOX_CHATS } from "../../../src/sandbox/emulator/messaging/index.js";
import { waitFor } from "../../helpers/sandbox.js";
import { startTestEmulator, type Started } from "./helpers.js";
import { FAST_RECONNECT, closeClients, startClient } from "./longconn-client.js";

let started: Started;

beforeEach(async () => {
  started = await startTestEmulator({
    subscription: { events: "long_connection", callbacks: "long_connection" },
    longConnection: { clientConfig: FAST_RECONNECT },
  });
});

afterEach(async () => {
  closeClients();
  await started.emulator.close();
});

const v2 = (text: string) => ({ schema: "2.0", body: { elements: [{ tag: "markdown", content: text }] } });

async function sendCard(card: unknown): Promise<string> {
  const answer = await started.client.im.v1.message.create({
    params: { receive_id_type: "chat_id" },
    data: { receive_id: SANDBOX_CHATS.group, msg_type: "interactive", content: JSON.stringify(card) },
  });
  const id = answer.data?.message_id;
  if (!id) throw new Error(`no card sent: ${JSON.stringify(answer)}`);
  return id;
}

describe("a message over the long connection", () => {
  it("reaches the one connected client once, plaintext, and its ack is read as HTTP 200", async () => {
    const { emulator } = started;
    const client = startClient(emulator);
    await client.ready;
    const pushed = await emulator.pushMessage({ text: "hello" });
    expect(pushed).toMatchObject({ status: 200, body: "", timedOut: false });
    expect(client.received).toHaveLength(1);
    const event = client.received[0] as { event_id: string; token: string; message: { message_id: string; content: string } };
    expect(event.event_id).toBe(pushed.eventId);
    expect(event.message.message_id).toBe(pushed.messageId);
    expect(JSON.parse(event.message.content)).toEqual({ text: "@_user_1 hello" });
    expect(event.token).toBe(SANDBOX_VERIFICATION_TOKEN);
    expect(emulator.longConnection.violations()).toEqual([]);
  });

  it("arrives whole when split into parts", async () => {
    const { emulator } = started;
    emulator.longConnection.configure({ fragmentBytes: 200 });
    const client = startClient(emulator);
    await client.ready;
    const text = "长".repeat(300);
    const pushed = await emulator.pushMessage({ text });
    expect(pushed.status).toBe(200);
    expect(client.received).toHaveLength(1);
    const event = client.received[0] as { message: { content: string } };
    expect(JSON.parse(event.message.content)).toEqual({ text: `@_user_1 ${text}` });
    expect(emulator.longConnection.violations()).toEqual([]);
  });

  it("maps a handler that throws to status 500", async () => {
    const { emulator } = started;
    const client = startClient(emulator, {
      handlers: {
        "im.message.receive_v1": () => {
          throw new Error("store down");
        },
      },
    });
    await client.ready;
    expect((await emulator.pushMessage({ text: "hello" })).status).toBe(500);
  });

  it("is not delivered when no client is connected", async () => {
    const pushed = await started.emulator.pushMessage({ text: "hello" });
    expect(pushed).toMatchObject({ status: 0, timedOut: false, error: NO_CONNECTION });
  });

  it("times out like a webhook when the ack is later than 3 s", async () => {
    const { emulator } = started;
    const client = startClient(emulator, { handlers: { "im.message.receive_v1": () => new Promise((r) => setTimeout(r, 3500)) } });
    await client.ready;
    const pushed = await emulator.pushMessage({ text: "slow" });
    expect(pushed).toMatchObject({ status: 0, timedOut: true });
    // The late ack is ignored, as Feishu ignores it: not a violation.
    await waitFor(() => (emulator.longConnection.connections()[0]?.acks === 1 ? true : undefined), 2000, "the late ack");
    expect(emulator.longConnection.violations()).toEqual([]);
  });
});

describe("a card click over the long connection", () => {
  it("is a type=event frame of card.action.trigger whose answer {toast} is decoded from data", async () => {
    const { emulator } = started;
    const client = startClient(emulator, {
      handlers: { "card.action.trigger": () => ({ toast: { type: "success", content: "done" } }) },
    });
    await client.ready;
    const messageId = await sendCard(v2("pick"));
    const clicked = await emulator.pushCardAction({ openMessageId: messageId, value: { action: "refresh" } });
    expect(clicked).toMatchObject({ status: 200, toast: { type: "success", content: "done" }, cardReplaced: false });
    expect(clicked.clientError).toBeUndefined();
    const event = client.received[0] as { event_type: string; action: { value: unknown }; context: { open_message_id: string } };
    expect(event.event_type).toBe("card.action.trigger");
    expect(event.action.value).toEqual({ action: "refresh" });
    expect(event.context.open_message_id).toBe(messageId);
    expect(emulator.callbacks().at(-1)?.outcome).toMatchObject({ ok: true, toast: { content: "done" } });
  });

  it("replaces the card with an answer's {card}, as a webhook answer would", async () => {
    const { emulator } = started;
    const client = startClient(emulator, { handlers: { "card.action.trigger": () => ({ card: { type: "raw", data: v2("updated") } }) } });
    await client.ready;
    const messageId = await sendCard(v2("before"));
    const clicked = await emulator.pushCardAction({ openMessageId: messageId, value: { n: 1 } });
    expect(clicked).toMatchObject({ status: 200, cardReplaced: true });
    expect(emulator.messages().find((m) => m.messageId === messageId)?.card).toEqual(v2("updated"));
    expect(emulator.sent().at(-1)).toMatchObject({ kind: "callback_card", messageId });
  });

  it("judges a bad answer as the client would (a 1.0 card for a 2.0 one)", async () => {
    const { emulator } = started;
    const v1 = { elements: [{ tag: "markdown", content: "old" }] };
    const client = startClient(emulator, { handlers: { "card.action.trigger": () => ({ card: { type: "raw", data: v1 } }) } });
    await client.ready;
    const messageId = await sendCard(v2("before"));
    const clicked = await emulator.pushCardAction({ openMessageId: messageId, value: {} });
    expect(clicked.clientError?.code).toBe(200830);
  });
});

describe("several clients", () => {
  it("get each push on exactly one of them, and both get some", async () => {
    const { emulator } = started;
    const a = startClient(emulator);
    const b = startClient(emulator);
    await Promise.all([a.ready, b.ready]);
    expect(emulator.longConnection.connections()).toHaveLength(2);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await emulator.pushMessage({ text: `n${i}` })).eventId);
    const seen = [...a.received, ...b.received].map((e) => e["event_id"]);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(a.received.length).toBeGreaterThan(0);
    expect(b.received.length).toBeGreaterThan(0);
  });
});

describe("a dropped connection", () => {
  it("is reopened by the client through a fresh endpoint call", async () => {
    const { emulator } = started;
    const client = startClient(emulator);
    await client.ready;
    const [before] = emulator.longConnection.connections();
    expect(emulator.longConnection.dropConnection("all")).toBe(1);
    await waitFor(() => (client.reconnected === 1 ? true : undefined), 5000, "the client to reconnect");
    const [after] = await emulator.longConnection.waitForConnections(1);
    expect(after?.deviceId).not.toBe(before?.deviceId);
    expect(emulator.longConnection.endpointCalls().map((c) => c.code)).toEqual([0, 0]);
    expect((await emulator.pushMessage({ text: "again" })).status).toBe(200);
  });

  it("loses a push sent just before the socket died; re-pushing the event reaches the reconnected client", async () => {
    const { emulator } = started;
    const client = startClient(emulator);
    await client.ready;
    emulator.longConnection.dropAfterSend();
    const lost = await emulator.pushMessage({ text: "lost?" });
    expect(lost).toMatchObject({ status: 0, timedOut: true });
    await emulator.longConnection.waitForConnections(1);
    await waitFor(() => (client.reconnected === 1 ? true : undefined), 5000, "the client to reconnect");
    const again = await emulator.pushMessage({ text: "lost?", eventId: lost.eventId });
    expect(again.status).toBe(200);
    expect(client.received.at(-1)?.["event_id"]).toBe(lost.eventId);
  });
});
