import { describe, expect, it } from "vitest";
import { parseEnvelope } from "../../src/ingress/envelope.js";
import { cardActionEvent, messageEvent, otherEvent, urlVerification } from "./feishu-sender.js";

describe("parseEnvelope", () => {
  it("reads url_verification with its token", () => {
    expect(parseEnvelope(urlVerification("tok", "ch"))).toEqual({
      ok: true,
      envelope: { kind: "url_verification", token: "tok", challenge: "ch" },
    });
  });

  it("reads a message, taking the verification token from the header", () => {
    const result = parseEnvelope(messageEvent({ token: "tok", eventId: "ev_1", messageId: "om_1" }));
    expect(result).toMatchObject({ ok: true, envelope: { kind: "message", token: "tok", eventId: "ev_1" } });
    if (result.ok && result.envelope.kind === "message") expect(result.envelope.message.messageId).toBe("om_1");
  });

  it("reads a card action: header.token verifies, event.token is the update token", () => {
    const result = parseEnvelope(cardActionEvent({ token: "verify-tok", eventId: "ev_c" }));
    expect(result).toMatchObject({
      ok: true,
      envelope: { kind: "card_action", token: "verify-tok", eventId: "ev_c", action: { token: "c-update-token", eventId: "ev_c" } },
    });
  });

  it("wraps a string button value and defaults a missing one", () => {
    const withString = parseEnvelope(cardActionEvent({ token: "t", value: "plain" }));
    expect(withString.ok && withString.envelope.kind === "card_action" && withString.envelope.action.value).toEqual({ value: "plain" });
    const payload = cardActionEvent({ token: "t" });
    delete ((payload.event as Record<string, unknown>).action as Record<string, unknown>).value;
    const missing = parseEnvelope(payload);
    expect(missing.ok && missing.envelope.kind === "card_action" && missing.envelope.action.value).toEqual({});
  });

  it("acknowledges other event types, schema 2.0 and 1.0", () => {
    expect(parseEnvelope(otherEvent("t", "ev_o"))).toEqual({
      ok: true,
      envelope: { kind: "other", token: "t", eventId: "ev_o", eventType: "im.chat.member.bot.added_v1" },
    });
    expect(parseEnvelope({ uuid: "u1", token: "t", ts: "1", type: "event_callback", event: { type: "app_open" } })).toEqual({
      ok: true,
      envelope: { kind: "other", token: "t", eventId: "u1", eventType: "app_open" },
    });
  });

  it("keeps a bot's message (sender without open_id) so ingress can drop it by sender_type", () => {
    const payload = messageEvent({ token: "t", senderType: "app" });
    ((payload.event as Record<string, unknown>).sender as Record<string, unknown>).sender_id = {};
    const result = parseEnvelope(payload);
    expect(result.ok && result.envelope.kind === "message" && result.envelope.message.senderType).toBe("app");
  });

  const broken: Array<[string, string[], unknown]> = [
    ["no message_id", ["event", "message", "message_id"], REMOVE],
    ["content not a string", ["event", "message", "content"], { text: "x" }],
    ["user sender without open_id", ["event", "sender", "sender_id"], {}],
    ["mentions not an array", ["event", "message", "mentions"], "x"],
    ["no header.event_id", ["header", "event_id"], REMOVE],
    ["header not an object", ["header"], "x"],
  ];
  it.each(broken)("refuses a message with %s", (_label, path, value) => {
    expect(parseEnvelope(setPath(messageEvent({ token: "t" }), path, value)).ok).toBe(false);
  });

  it.each([
    ["no operator", ["event", "operator"], REMOVE],
    ["no update token", ["event", "token"], REMOVE],
    ["value an array", ["event", "action", "value"], [1]],
  ] as Array<[string, string[], unknown]>)("refuses a card action with %s", (_label, path, value) => {
    expect(parseEnvelope(setPath(cardActionEvent({ token: "t" }), path, value)).ok).toBe(false);
  });

  it.each([null, [], "x", 1, {}, { type: "url_verification" }, { schema: "1.0", header: {} }])("refuses %j", (value) => {
    expect(parseEnvelope(value).ok).toBe(false);
  });
});

const REMOVE = Symbol("remove");

/** Sets (or removes) the value at `path` in a JSON object, in place. */
function setPath(root: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  let node = root;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete node[last];
  else node[last] = value;
  return root;
}
