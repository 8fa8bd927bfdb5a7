/**
 * With the long connection, Feishu's pushes do not come over HTTP: the webhook paths are not served
 * (a signed, valid push there is a 404 and reaches no handler), while /healthz and the operators'
 * routes still are, and no key or token is asked for.
 */
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { encryptedBody, messageEvent, signedHeaders } from "./feishu-sender.js";
import { ENCRYPT_KEY, post, startHarness, VERIFICATION_TOKEN, type Harness } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe("webhooks: false", () => {
  it("answers 404 on /webhook/* and hands nothing on, but serves /healthz and the operators' routes", async () => {
    const routes = express.Router();
    routes.get("/readyz", (_req, res) => {
      res.json({ ready: true });
    });
    harness = await startHarness({ webhooks: false, encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN, routes });
    const body = encryptedBody(messageEvent({ token: VERIFICATION_TOKEN }), ENCRYPT_KEY);
    for (const path of ["/webhook/event", "/webhook/card", "/WEBHOOK/event/"]) {
      expect(await post(`${harness.url}${path}`, body, signedHeaders(body, ENCRYPT_KEY))).toMatchObject({ status: 404, body: { error: "not found" } });
    }
    expect(harness.messages).toHaveLength(0);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${harness.url}/readyz`)).json()).toEqual({ ready: true });
  });

  it("asks for no encrypt key or verification token", async () => {
    harness = await startHarness({ webhooks: false });
    expect(harness.logs().filter((l) => l.level === 50)).toEqual([]);
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  });
});
