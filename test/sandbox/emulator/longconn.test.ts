/**
 * The long connection's doors: the endpoint the WSClient asks for a connect URL, the WebSocket
 * handshake (ticket, limit), pings and pongs, strict checks of what clients send, and the
 * subscription setting as the console saves it.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { encodeFrame, type Frame } from "../../../src/sandbox/emulator/longconn/frame.js";
import { waitFor } from "../../helpers/sandbox.js";
import { raw, startTestEmulator, type Started } from "./helpers.js";
import { FAST_RECONNECT, closeClients, startClient } from "./longconn-client.js";

let started: Started | undefined;
const sockets: WebSocket[] = [];

async function start(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<Started> {
  started = await startTestEmulator({ longConnection: { clientConfig: FAST_RECONNECT }, ...options });
  return started;
}

afterEach(async () => {
  closeClients();
  for (const socket of sockets.splice(0)) socket.terminate();
  await started?.emulator.close();
  started = undefined;
});

interface EndpointAnswer {
  code: number;
  msg: string;
  data: { URL?: string; ClientConfig?: Record<string, number> };
}

async function endpoint(s: Started, body: unknown = { AppID: s.emulator.appId, AppSecret: s.emulator.appSecret }): Promise<{ status: number; json: EndpointAnswer }> {
  const answer = await raw(s.emulator, "POST", "/callback/ws/endpoint", { body });
  return { status: answer.status, json: answer.json as unknown as EndpointAnswer };
}

type Opened = { ok: true; socket: WebSocket } | { ok: false; status: number; headers: Record<string, string | string[] | undefined> };

/** Opens a raw WebSocket to a connect URL: the socket, or the handshake's refusal. */
function open(url: string): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.once("open", () => resolve({ ok: true, socket }));
    socket.once("unexpected-response", (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? 0, headers: res.headers });
      res.resume();
      socket.terminate();
    });
    socket.once("error", (error) => reject(error));
  });
}

describe("POST /callback/ws/endpoint", () => {
  it("answers a connect URL and the ClientConfig, in seconds, with device_id and service_id not first", async () => {
    const s = await start({ longConnection: { clientConfig: { PingInterval: 60, ReconnectInterval: 1, ReconnectNonce: 0 } } });
    const { status, json } = await endpoint(s);
    expect(status).toBe(200);
    expect(json).toMatchObject({ code: 0, msg: "ok", data: { ClientConfig: { PingInterval: 60, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 } } });
    const url = new URL(json.data.URL ?? "");
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe(`${s.emulator.url.replace("http:", "ws:")}/ws/v2`);
    const keys = [...url.searchParams.keys()];
    expect(keys).toEqual(["fpid", "aid", "device_id", "access_key", "service_id", "ticket"]);
    expect(url.searchParams.get("service_id")).toMatch(/^[1-9]\d*$/);
  });

  it("refuses wrong credentials with a non-zero code and still a data object", async () => {
    const s = await start();
    const wrong = await endpoint(s, { AppID: s.emulator.appId, AppSecret: "nope" });
    expect(wrong.status).toBe(200);
    expect(wrong.json.code).not.toBe(0);
    expect(wrong.json.data).toEqual({});
    expect((await endpoint(s, {})).json).toMatchObject({ code: 403, data: {} });
    expect(s.emulator.longConnection.endpointCalls().map((c) => c.code)).toEqual([514, 403]);
  });

  it("makes the SDK's client fail once with onError, and not retry", async () => {
    const s = await start();
    const client = startClient(s.emulator, { appSecret: "wrong-secret" });
    await waitFor(() => (client.errors.length > 0 ? true : undefined), 5000, "onError");
    expect(client.errors).toHaveLength(1);
    expect(client.errors[0]?.message).toContain("code=514");
    // "failed" is the SDK's terminal state: no reconnect is scheduled.
    expect(client.ws.getConnectionStatus().state).toBe("failed");
    expect(s.emulator.longConnection.endpointCalls()).toHaveLength(1);
  });
});

describe("the WebSocket handshake", () => {
  it("takes a ticket once", async () => {
    const s = await start();
    const url = (await endpoint(s)).json.data.URL ?? "";
    expect((await open(url)).ok).toBe(true);
    const again = await open(url);
    expect(again).toMatchObject({ ok: false, status: 403, headers: { "handshake-status": "403" } });
    expect(again.ok === false && again.headers["handshake-msg"]).toBeTruthy();
  });

  it("refuses a URL whose parameters do not match its ticket, and other paths", async () => {
    const s = await start();
    const url = new URL((await endpoint(s)).json.data.URL ?? "");
    url.searchParams.set("service_id", "1");
    expect(await open(url.toString())).toMatchObject({ ok: false, status: 403 });
    expect(await open(`${s.emulator.url.replace("http:", "ws:")}/ws/v1`)).toMatchObject({ ok: false, status: 404 });
  });

  it("refuses one connection over the limit with 514 / 1000040350; the SDK retries until a place frees", async () => {
    const s = await start({ longConnection: { clientConfig: FAST_RECONNECT, maxConnections: 1 } });
    const first = startClient(s.emulator);
    await first.ready;
    const refused = await open((await endpoint(s)).json.data.URL ?? "");
    expect(refused).toMatchObject({
      ok: false,
      status: 514,
      headers: { "handshake-status": "514", "handshake-autherrcode": "1000040350" },
    });
    const second = startClient(s.emulator);
    await waitFor(() => (s.emulator.longConnection.endpointCalls().length >= 4 ? true : undefined), 5000, "the second client to retry");
    expect(second.errors).toEqual([]);
    first.close();
    await second.ready;
    expect(s.emulator.longConnection.connections()).toHaveLength(1);
  });
});

describe("pings", () => {
  it("are counted per connection with the service the endpoint issued, and answered", async () => {
    const s = await start();
    const client = startClient(s.emulator);
    await client.ready;
    const [connection] = await s.emulator.longConnection.waitForConnections(1);
    await waitFor(() => (s.emulator.longConnection.connections()[0]?.pings === 1 ? true : undefined), 2000, "the first ping");
    expect(connection?.serviceId).toBeGreaterThan(0);
    expect(s.emulator.longConnection.violations()).toEqual([]);
  });

  it("go unanswered with pong off, so a client with a ping timeout reconnects", async () => {
    const s = await start({ longConnection: { clientConfig: FAST_RECONNECT, pong: false } });
    const client = startClient(s.emulator, { pingTimeout: 1 });
    await client.ready;
    await waitFor(() => (client.reconnected >= 1 ? true : undefined), 5000, "a reconnect");
  });
});

describe("what clients send", () => {
  it("is checked: undecodable frames, text, pings for another service, unsolicited acks", async () => {
    const s = await start();
    const opened = await open((await endpoint(s)).json.data.URL ?? "");
    if (!opened.ok) throw new Error("no socket");
    const [connection] = s.emulator.longConnection.connections();
    const frame = (f: Partial<Frame>): Uint8Array => encodeFrame({ SeqID: 0, LogID: 0, service: connection?.serviceId ?? 0, method: 0, headers: [], ...f });
    opened.socket.send(Buffer.from([0x08])); // a truncated SeqID
    opened.socket.send("hello");
    opened.socket.send(frame({ service: 7, headers: [{ key: "type", value: "ping" }] }));
    opened.socket.send(frame({ method: 1, headers: [{ key: "type", value: "event" }, { key: "message_id", value: "m1" }], payload: Buffer.from('{"code":200}') }));
    opened.socket.send(frame({ headers: [{ key: "type", value: "ping" }] }));
    await waitFor(() => (s.emulator.longConnection.connections()[0]?.pings === 1 ? true : undefined), 2000, "the good ping");
    const problems = s.emulator.longConnection.violations().map((v) => v.problem);
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/does not decode/);
    expect(problems[1]).toMatch(/text message/);
    expect(problems[2]).toMatch(/ping for service 7/);
    expect(problems[3]).toMatch(/never pushed/);
  });

  it("never takes the emulator down, whatever the bytes", async () => {
    const s = await start();
    const opened = await open((await endpoint(s)).json.data.URL ?? "");
    if (!opened.ok) throw new Error("no socket");
    const [connection] = s.emulator.longConnection.connections();
    const garbage = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 64 }), { numRuns: 200, seed: 11 });
    for (const bytes of garbage) opened.socket.send(bytes);
    opened.socket.send(encodeFrame({ SeqID: 0, LogID: 0, service: connection?.serviceId ?? 0, method: 0, headers: [{ key: "type", value: "ping" }] }));
    // Pings are counted in order, so the good one after the garbage shows every frame was handled.
    await waitFor(() => ((s.emulator.longConnection.connections()[0]?.pings ?? 0) >= 1 ? true : undefined), 5000, "the ping after the garbage");
    expect(s.emulator.longConnection.violations().length).toBeGreaterThan(100);
    expect((await endpoint(s)).json.code).toBe(0);
  });

  it("is checked when acking: the ack must echo the push and carry base64 JSON", async () => {
    const s = await start({ subscription: { events: "long_connection" } });
    const opened = await open((await endpoint(s)).json.data.URL ?? "");
    if (!opened.ok) throw new Error("no socket");
    const { decodeFrame } = await import("../../../src/sandbox/emulator/longconn/frame.js");
    opened.socket.on("message", (data: Buffer) => {
      const pushed = decodeFrame(data);
      if (pushed.method !== 1) return;
      const bad = { ...pushed, headers: pushed.headers.filter((h) => h.key !== "trace_id"), payload: Buffer.from('{"code":200,"data":"not base64!"}') };
      opened.socket.send(encodeFrame(bad));
      opened.socket.send(encodeFrame(bad));
    });
    const pushed = await s.emulator.pushMessage({ text: "hi" });
    expect(pushed).toMatchObject({ status: 0, error: expect.stringMatching(/malformed ack/) });
    await waitFor(() => (s.emulator.longConnection.violations().length === 3 ? true : undefined), 2000, "three violations");
    const problems = s.emulator.longConnection.violations().map((v) => v.problem);
    expect(problems[0]).toMatch(/does not echo header\(s\) trace_id/);
    expect(problems[1]).toMatch(/data is not base64/);
    expect(problems[2]).toMatch(/second ack/);
  });
});

describe("what the emulator pushes", () => {
  it("is data frames of type event, split past fragmentBytes into parts sharing message_id, sum and trace_id", async () => {
    const s = await start({ subscription: { events: "long_connection" }, longConnection: { fragmentBytes: 500 } });
    const opened = await open((await endpoint(s)).json.data.URL ?? "");
    if (!opened.ok) throw new Error("no socket");
    const [connection] = s.emulator.longConnection.connections();
    const { decodeFrame } = await import("../../../src/sandbox/emulator/longconn/frame.js");
    const parts: Frame[] = [];
    opened.socket.on("message", (data: Buffer) => {
      const frame = decodeFrame(data);
      parts.push(frame);
      const header = (key: string) => frame.headers.find((h) => h.key === key)?.value;
      if (Number(header("seq")) === Number(header("sum")) - 1) {
        opened.socket.send(encodeFrame({ ...frame, headers: [...frame.headers, { key: "biz_rt", value: "-1" }], payload: Buffer.from('{"code":200}') }));
      }
    });
    const pushed = await s.emulator.pushMessage({ text: "x".repeat(1200) });
    expect(pushed.status).toBe(200);
    const headers = parts.map((f) => Object.fromEntries(f.headers.map((h) => [h.key, h.value])));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.every((f) => f.method === 1 && f.service === connection?.serviceId && (f.payload?.length ?? 0) <= 500)).toBe(true);
    expect(headers.map((h) => h["seq"])).toEqual(parts.map((_, i) => String(i)));
    expect(new Set(headers.map((h) => `${h["type"]} ${h["message_id"]} ${h["sum"]} ${h["trace_id"]}`)).size).toBe(1);
    expect(headers[0]).toMatchObject({ type: "event", sum: String(parts.length) });
    const envelope = JSON.parse(Buffer.concat(parts.map((f) => f.payload ?? new Uint8Array())).toString()) as { schema: string; header: { event_id: string } };
    expect(envelope).toMatchObject({ schema: "2.0", header: { event_id: pushed.eventId } });
    expect(s.emulator.longConnection.violations()).toEqual([]);
  });
});

describe("the subscription setting", () => {
  it("is refused by the console route while no client is connected, as the developer console does", async () => {
    const s = await start();
    const put = (body: unknown) => raw(s.emulator, "PUT", "/_emulator/subscription", { body });
    expect((await put({ events: "long_connection" })).status).toBe(409);
    expect(s.emulator.subscription()).toEqual({ events: "webhook", callbacks: "webhook" });
    const client = startClient(s.emulator);
    await client.ready;
    const saved = await put({ events: "long_connection", callbacks: "long_connection" });
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual({ events: "long_connection", callbacks: "long_connection" });
    expect((await s.emulator.pushMessage({ text: "hi" })).status).toBe(200);
    expect(client.received).toHaveLength(1);
    expect((await raw(s.emulator, "GET", "/_emulator/long-connection/connections")).json).toHaveLength(1);
    expect((await raw(s.emulator, "POST", "/_emulator/long-connection/drop-after-send", { body: {} })).status).toBe(200);
    expect(await s.emulator.pushMessage({ text: "lost" })).toMatchObject({ status: 0, timedOut: true });
    await s.emulator.longConnection.waitForConnections(1);
    expect((await raw(s.emulator, "POST", "/_emulator/long-connection/drop", { body: {} })).json).toEqual({ dropped: 1 });
  });

  it("keeps webhook delivery as it was: no webhook, no push", async () => {
    const s = await start({ subscription: { callbacks: "long_connection" } });
    await expect(s.emulator.pushMessage({ text: "hi" })).rejects.toThrow(/webhook is not known/);
  });
});
