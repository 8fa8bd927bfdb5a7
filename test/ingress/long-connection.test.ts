/**
 * The long connection's lifecycle with the SDK's real WSClient against the emulator: up once the
 * socket is, refused credentials and a connection that never comes up fail the start (no silent
 * retry loop), stop closes the socket, and nothing the SDK logs carries the URL's credentials.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLongConnection, LongConnectionError, type LongConnection } from "../../src/ingress/index.js";
import type { IngressHandlers } from "../../src/ingress/types.js";
import { createLogger } from "../../src/log/logger.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import { MemoryStore } from "../../src/store/index.js";
import { waitFor } from "../helpers/sandbox.js";

let emulator: Emulator | undefined;
let connection: LongConnection | undefined;

afterEach(async () => {
  await connection?.stop();
  connection = undefined;
  await emulator?.close();
  emulator = undefined;
});

const handlers: IngressHandlers = {
  onMessage: async () => undefined,
  onCardAction: async () => ({ answer: {} }),
};

async function setup(options: { emulator?: EmulatorOptions; appSecret?: string; readyTimeoutMs?: number } = {}) {
  emulator = await startEmulator({
    subscription: { events: "long_connection", callbacks: "long_connection" },
    longConnection: { clientConfig: { ReconnectInterval: 1, ReconnectNonce: 0 } },
    ...options.emulator,
  });
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  connection = createLongConnection({
    appId: emulator.appId,
    appSecret: options.appSecret ?? emulator.appSecret,
    domain: emulator.url,
    store: new MemoryStore(),
    handlers,
    logger: createLogger({ level: "debug", destination }),
    dedupeTtlMs: 60_000,
    ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
  });
  return { emulator, connection, log: () => lines.join("\n"), messages: () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg) };
}

async function rejection(pending: Promise<unknown>): Promise<LongConnectionError> {
  const error = await pending.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LongConnectionError);
  return error as LongConnectionError;
}

describe("the long connection's lifecycle", () => {
  it("resolves start once connected, and stop closes the socket", async () => {
    const t = await setup();
    expect(t.connection.state()).toBe("connecting");
    await t.connection.start();
    expect(t.connection.state()).toBe("connected");
    expect(t.emulator.longConnection.connections()).toHaveLength(1);
    expect(t.messages()).toContain("long connection up: receiving events and card callbacks");
    await t.connection.stop();
    expect(t.connection.state()).toBe("stopped");
    await waitFor(() => (t.emulator.longConnection.connections().length === 0 ? true : undefined), 5_000, "the socket closed");
    expect(t.emulator.longConnection.violations()).toEqual([]);
  });

  it("never logs the ticket or access key of the URL it connects to", async () => {
    const t = await setup();
    await t.connection.start();
    const log = t.log();
    // The WSClient logs the URL at debug: it is there, its credentials are not.
    expect(log).toContain("ws url");
    expect(log).toMatch(/ticket=\[redacted\]/);
    expect(log).not.toMatch(/ticket=(?!\[redacted\])/);
    expect(log).not.toMatch(/access_key=(?!\[redacted\])/);
    expect(log).not.toContain(t.emulator.appSecret);
  });

  it("fails the start when Feishu refuses the credentials, without a retry loop", async () => {
    const t = await setup({ appSecret: "not-the-secret" });
    const error = await rejection(t.connection.start());
    expect(error.kind).toBe("refused");
    expect(t.connection.state()).toBe("failed");
    expect(t.messages().some((m) => m.startsWith("long connection failed"))).toBe(true);
    expect(t.log()).not.toContain("not-the-secret");
    // Absence takes a wait: a retry would come within the 1 s ReconnectInterval.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(t.emulator.longConnection.endpointCalls()).toHaveLength(1);
  });

  it("fails the start when no connection comes up in time, and stops trying", async () => {
    const t = await setup({ emulator: { longConnection: { maxConnections: 0, clientConfig: { ReconnectInterval: 1, ReconnectNonce: 0 } } }, readyTimeoutMs: 1_500 });
    const error = await rejection(t.connection.start());
    expect(error.kind).toBe("timeout");
    expect(t.connection.state()).toBe("failed");
    const calls = t.emulator.longConnection.endpointCalls().length;
    expect(calls).toBeGreaterThan(0);
    // Absence takes a wait: a retry would come within the 1 s ReconnectInterval.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(t.emulator.longConnection.endpointCalls()).toHaveLength(calls);
  });

  it("rejects a start still waiting when stopped, and stops trying", async () => {
    const t = await setup({ emulator: { longConnection: { maxConnections: 0, clientConfig: { ReconnectInterval: 1, ReconnectNonce: 0 } } } });
    const starting = t.connection.start();
    await waitFor(() => (t.emulator.longConnection.endpointCalls().length > 0 ? true : undefined), 5_000, "a first attempt");
    await t.connection.stop();
    expect((await rejection(starting)).kind).toBe("stopped");
    expect(t.connection.state()).toBe("stopped");
    // An attempt already on the wire when stop() came may still land (a loaded machine delays it):
    // count after it has, then see that none follows.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const calls = t.emulator.longConnection.endpointCalls().length;
    // Absence takes a wait: a retry would come within the 1 s ReconnectInterval.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(t.emulator.longConnection.endpointCalls()).toHaveLength(calls);
  });
});
