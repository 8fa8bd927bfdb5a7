/** Starts the ingress app on an ephemeral port with recording handlers and a captured log. */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { Writable } from "node:stream";
import { createLogger } from "../../src/log/logger.js";
import { createIngressApp, type IngressAppOptions } from "../../src/ingress/index.js";
import type { CardAction, CardActionResult, IncomingMessage, IngressHandlers } from "../../src/ingress/types.js";
import { MemoryStore } from "../../src/store/index.js";

export const ENCRYPT_KEY = "test-encrypt-key";
export const VERIFICATION_TOKEN = "test-verification-token";

export interface Harness {
  url: string;
  messages: IncomingMessage[];
  cardActions: CardAction[];
  /** Parsed log records written so far. */
  logs: () => Array<Record<string, unknown>>;
  close: () => Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<IngressAppOptions, "handlers" | "logger">> {
  onMessage?: IngressHandlers["onMessage"];
  onCardAction?: IngressHandlers["onCardAction"];
  /** Given to the app as they are, bypassing the recording wrappers (to throw synchronously). */
  rawHandlers?: IngressHandlers;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const messages: IncomingMessage[] = [];
  const cardActions: CardAction[] = [];
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== ""));
      callback();
    },
  });
  const { onMessage, onCardAction, rawHandlers, ...appOptions } = options;
  const handlers: IngressHandlers = {
    onMessage: async (message) => {
      messages.push(message);
      if (onMessage) await onMessage(message);
    },
    onCardAction: async (action): Promise<CardActionResult> => {
      cardActions.push(action);
      return onCardAction ? onCardAction(action) : { answer: { toast: { type: "success", content: "ok" } } };
    },
  };
  const app = createIngressApp({
    maxClockSkewSeconds: 300,
    bodyLimitBytes: 64 * 1024,
    dedupeTtlMs: 7.5 * 3600 * 1000,
    store: new MemoryStore(),
    logger: createLogger({ level: "debug", destination }),
    handlers: rawHandlers ?? handlers,
    ...appOptions,
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    cardActions,
    logs: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface Posted {
  status: number;
  body: unknown;
  text: string;
}

export async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<Posted> {
  const response = await fetch(url, { method: "POST", body, headers });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, text };
}

/** Waits until `condition` holds, polling briefly; fails the test rather than hanging. */
export async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
