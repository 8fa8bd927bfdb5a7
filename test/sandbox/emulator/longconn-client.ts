/**
 * The SDK's real WSClient with a plain EventDispatcher (no bot code), for the long-connection
 * tests: records what each client received and how its lifecycle went.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { Emulator } from "../../../src/sandbox/emulator/index.js";

const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

/** What tests use instead of Feishu's slow defaults: reconnect at once after a drop. */
export const FAST_RECONNECT = { ReconnectInterval: 1, ReconnectNonce: 0 };

type Handler = (data: Record<string, unknown>) => unknown;

export interface TestClient {
  ws: lark.WSClient;
  /** Flattened events the dispatcher handed to a handler, in arrival order. */
  received: Record<string, unknown>[];
  errors: Error[];
  reconnecting: number;
  reconnected: number;
  /** Resolves at the first connect. */
  ready: Promise<void>;
  close(): void;
}

const clients: TestClient[] = [];

export function startClient(
  emulator: Pick<Emulator, "url" | "appId" | "appSecret">,
  options: { handlers?: Record<string, Handler>; appSecret?: string; pingTimeout?: number } = {},
): TestClient {
  let markReady = (): void => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const client: TestClient = {
    ws: undefined as unknown as lark.WSClient,
    received: [],
    errors: [],
    reconnecting: 0,
    reconnected: 0,
    ready,
    close: () => client.ws.close({ force: true }),
  };
  const record = (handler: Handler | undefined): Handler => async (data) => {
    client.received.push(data);
    return handler?.(data);
  };
  const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.fatal, logger: quiet }).register({
    "im.message.receive_v1": record(options.handlers?.["im.message.receive_v1"]),
    "card.action.trigger": record(options.handlers?.["card.action.trigger"]),
  });
  client.ws = new lark.WSClient({
    appId: emulator.appId,
    appSecret: options.appSecret ?? emulator.appSecret,
    domain: emulator.url,
    loggerLevel: lark.LoggerLevel.fatal,
    logger: quiet,
    ...(options.pingTimeout ? { wsConfig: { pingTimeout: options.pingTimeout } } : {}),
    onReady: markReady,
    onError: (err) => client.errors.push(err),
    onReconnecting: () => {
      client.reconnecting += 1;
    },
    onReconnected: () => {
      client.reconnected += 1;
    },
  });
  void client.ws.start({ eventDispatcher: dispatcher });
  clients.push(client);
  return client;
}

/** For afterEach: every client started since the last call, closed. */
export function closeClients(): void {
  for (const client of clients.splice(0)) client.close();
}
