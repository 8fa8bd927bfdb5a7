/**
 * A card handler's `afterAnswer` (a delayed card update, typically) starts only once the callback's
 * answer has been written in full — Feishu refuses or reverts an update made before it — also after
 * ingress's own timeout fallback, and never when the answer could not be delivered.
 */
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { CardActionResult } from "../../src/ingress/types.js";
import { cardActionEvent, encryptedBody, signedHeaders } from "./feishu-sender.js";
import { deferred, ENCRYPT_KEY, eventually, post, startHarness, VERIFICATION_TOKEN, type Harness, type HarnessOptions } from "./harness.js";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const secured = { encryptKey: ENCRYPT_KEY, verificationToken: VERIFICATION_TOKEN };

async function start(options: HarnessOptions): Promise<Harness> {
  harness = await startHarness({ ...secured, ...options });
  return harness;
}

function clickRequest(): { body: string; headers: Record<string, string> } {
  const body = encryptedBody(cardActionEvent({ token: VERIFICATION_TOKEN }), ENCRYPT_KEY);
  return { body, headers: signedHeaders(body, ENCRYPT_KEY) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts a click over a bare socket that reads nothing until `read()` is called, so a large answer
 * stays stuck in the socket buffers and the server cannot finish writing it.
 */
function slowReader(h: Harness): { socket: Socket; read(): Promise<string> } {
  const { body, headers } = clickRequest();
  const url = new URL(h.url);
  const socket = connect(Number(url.port), url.hostname);
  socket.pause();
  const head = [
    "POST /webhook/card HTTP/1.1",
    `host: ${url.host}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(body)}`,
    "connection: close",
  ].join("\r\n");
  socket.write(`${head}\r\n\r\n${body}`);
  return {
    socket,
    read: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on("data", (chunk: Buffer) => chunks.push(chunk));
        socket.once("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        socket.once("error", reject);
        socket.resume();
      }),
  };
}

describe("work after a card answer", () => {
  it("starts only once the whole answer has been written to the asker, not when the handler returns", async () => {
    // Far more than the loopback socket buffers hold while the asker reads nothing.
    const big = "x".repeat(16 * 1024 * 1024);
    let startedAt: number | undefined;
    const handlerDone = deferred();
    const h = await start({
      onCardAction: async (): Promise<CardActionResult> => {
        handlerDone.resolve();
        return {
          answer: { toast: { type: "info", content: big } },
          afterAnswer: async () => {
            startedAt = Date.now();
          },
        };
      },
    });
    const asker = slowReader(h);
    await handlerDone.promise;
    await sleep(300);
    expect(startedAt).toBeUndefined();
    const raw = await asker.read();
    const readAt = Date.now();
    expect(raw.startsWith("HTTP/1.1 200")).toBe(true);
    expect(raw.length).toBeGreaterThan(big.length);
    await eventually(() => startedAt !== undefined);
    // Written in full means all but what the kernel still buffers has been read by the asker.
    expect(startedAt).toBeLessThanOrEqual(readAt + 50);
    asker.socket.destroy();
  });

  it("runs the work after a small answer too", async () => {
    const events: string[] = [];
    const h = await start({
      onCardAction: async () => ({
        answer: { toast: { type: "info", content: "loading" } },
        afterAnswer: async () => {
          events.push("after");
        },
      }),
    });
    const { body, headers } = clickRequest();
    const res = await post(h.url + "/webhook/card", body, headers);
    events.push("answered");
    expect(res.body).toEqual({ toast: { type: "info", content: "loading" } });
    await eventually(() => events.includes("after"));
    expect(h.cardActions).toHaveLength(1);
  });

  it("starts once a late handler finishes, after ingress answered with its fallback", async () => {
    const gate = deferred();
    const order: string[] = [];
    const h = await start({
      cardAnswerTimeoutMs: 100,
      slowCardAnswer: { toast: { type: "info", content: "working on it" } },
      onCardAction: async () => {
        await gate.promise;
        order.push("handler done");
        return {
          answer: { toast: { type: "info", content: "too late to be sent" } },
          afterAnswer: async () => {
            order.push("after");
          },
        };
      },
    });
    const { body, headers } = clickRequest();
    const res = await post(h.url + "/webhook/card", body, headers);
    order.push("answered");
    expect(res.body).toEqual({ toast: { type: "info", content: "working on it" } });
    await sleep(50);
    expect(order).toEqual(["answered"]);
    gate.resolve();
    await eventually(() => order.includes("after"));
    expect(order).toEqual(["answered", "handler done", "after"]);
  });

  it("never starts when the asker hung up before the answer was written", async () => {
    const gate = deferred();
    let started = false;
    const h = await start({
      onCardAction: async () => {
        await gate.promise;
        return {
          answer: { toast: { type: "info", content: "loading" } },
          afterAnswer: async () => {
            started = true;
          },
        };
      },
    });
    const asker = slowReader(h);
    await eventually(() => h.cardActions.length === 1);
    asker.socket.destroy();
    await sleep(50);
    gate.resolve();
    await eventually(() => h.logs().some((r) => r.msg === "ingress: card answer not delivered; work after it dropped"));
    await sleep(50);
    expect(started).toBe(false);
  });

  it("logs work after the answer that fails, and answers {} for an afterAnswer that is not a function", async () => {
    const h = await start({
      onCardAction: async () => ({
        answer: { toast: { type: "info", content: "loading" } },
        afterAnswer: () => Promise.reject(new Error("update refused")),
      }),
    });
    const { body, headers } = clickRequest();
    expect((await post(h.url + "/webhook/card", body, headers)).body).toEqual({ toast: { type: "info", content: "loading" } });
    await eventually(() => h.logs().some((r) => r.msg === "ingress: work after the card answer failed"));

    await h.close();
    const bad = await start({ onCardAction: (async () => ({ answer: {}, afterAnswer: "later" })) as never });
    const again = clickRequest();
    expect((await post(bad.url + "/webhook/card", again.body, again.headers)).body).toEqual({});
    await eventually(() => bad.logs().some((r) => r.msg === "ingress: card action handler failed"));
  });
});
