/**
 * Feishu's long connection, as the SDK's WSClient speaks it: `POST /callback/ws/endpoint` for a
 * connect URL, the WebSocket at /ws/v2 with pbbp2 frames, pings and pongs, and pushes acked over
 * the socket. The emulator's core decides per push (the subscription) whether it goes this way.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RequestHandler, Router } from "express";
import type { Delivery } from "../events/deliver.js";
import { createRng, seedOf } from "../tenant/rng.js";
import { createLongConnectionControl } from "./control.js";
import { endpointHandler, type EndpointCall } from "./endpoint.js";
import {
  DEFAULT_CLIENT_CONFIG,
  DEFAULT_MAX_CONNECTIONS,
  checkSettings,
  type ClientConfig,
  type LongConnectionOptions,
  type LongConnectionSettings,
} from "./options.js";
import { FramePusher } from "./pusher.js";
import { LongConnectionServer, type ConnectionInfo, type Violation } from "./server.js";
import { DEFAULT_SUBSCRIPTION, checkSubscription, type Subscription, type SubscriptionMode } from "./subscription.js";
import { DEFAULT_TICKET_TTL_MS, Tickets } from "./tickets.js";

export type { EndpointCall } from "./endpoint.js";
export type { ClientConfig, LongConnectionOptions, LongConnectionSettings } from "./options.js";
export type { ConnectionInfo, Violation } from "./server.js";
export type { Subscription, SubscriptionMode } from "./subscription.js";
export { NO_CONNECTION } from "./pusher.js";

/** What tests drive on the emulator (`emulator.longConnection`). */
export interface LongConnectionControl {
  /** Open connections, oldest first: device id, service id, pings seen. */
  connections(): ConnectionInfo[];
  /** Resolves with the connections once at least `count` are open; default timeout 5 s. */
  waitForConnections(count: number, timeoutMs?: number): Promise<ConnectionInfo[]>;
  /** Kills one connection (by device id) or "all" without a close handshake, so clients reconnect; returns how many. */
  dropConnection(deviceId: string): number;
  /** The next `times` pushes (default 1) kill their socket right after sending, before the ack can come. */
  dropAfterSend(times?: number): void;
  /** Changes maxConnections, fragmentBytes (undefined: never split) or pong while running. */
  configure(settings: Partial<LongConnectionSettings>): void;
  /** What clients sent that Feishu would not accept (undecodable frames, bad pings, bad or unsolicited acks). */
  violations(): Violation[];
  /** Every `POST /callback/ws/endpoint`, with the code answered (the secret is never kept). */
  endpointCalls(): EndpointCall[];
}

export interface LongConnectionDeps {
  now(): number;
  seed: number;
  appId: string;
  appSecret: string;
}

export interface LongConnection {
  control: LongConnectionControl;
  /** POST /callback/ws/endpoint. */
  endpoint: RequestHandler;
  /** Mounted under /_emulator. */
  router: Router;
  /** For the HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  subscription(): Subscription;
  /** Programmatic set-up: unlike the control route, it may choose long connection before any client is online. */
  setSubscription(s: Partial<Subscription>): void;
  mode(kind: keyof Subscription): SubscriptionMode;
  deliver(payload: unknown, timeoutMs: number): Promise<Delivery>;
  /** Forgets violations, endpoint calls and pending drop faults; keeps connections and settings. */
  reset(): void;
  close(): Promise<void>;
}

export function createLongConnection(deps: LongConnectionDeps, options: LongConnectionOptions = {}, subscription: Partial<Subscription> = {}): LongConnection {
  const settings: LongConnectionSettings = {
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    pong: options.pong ?? true,
    ...(options.fragmentBytes !== undefined ? { fragmentBytes: options.fragmentBytes } : {}),
  };
  checkSettings(settings);
  checkSubscription(subscription);
  const clientConfig: ClientConfig = { ...DEFAULT_CLIENT_CONFIG, ...options.clientConfig };
  let current: Subscription = { ...DEFAULT_SUBSCRIPTION, ...subscription };
  let violations: Violation[] = [];
  let endpointCalls: EndpointCall[] = [];
  const recordViolation = (v: Omit<Violation, "at">): void => {
    violations.push({ at: deps.now(), ...v });
  };

  const tickets = new Tickets(createRng(seedOf(deps.seed, "long connection ids")), deps.now, options.ticketTtlMs ?? DEFAULT_TICKET_TTL_MS);
  // The server hands acks and lost sockets to the pusher, which sends through the server.
  const server = new LongConnectionServer({
    now: deps.now,
    tickets,
    settings: () => settings,
    clientConfig: () => clientConfig,
    violation: recordViolation,
    data: (connection, frame) => pusher.ack(connection, frame),
    closed: (connection) => pusher.lost(connection),
  });
  const pusher = new FramePusher({ server, rng: createRng(seedOf(deps.seed, "long connection pushes")), settings: () => settings, violation: recordViolation });

  const setSubscription = (s: Partial<Subscription>): void => {
    checkSubscription(s);
    current = { ...current, ...s };
  };
  const control: LongConnectionControl = {
    connections: () => server.info(),
    waitForConnections: async (count, timeoutMs = 5000) => {
      await server.waitFor(count, timeoutMs);
      return server.info();
    },
    dropConnection: (deviceId) => server.drop(deviceId),
    dropAfterSend: (times = 1) => pusher.dropAfterSend(times),
    configure: (changes) => {
      checkSettings(changes);
      Object.assign(settings, changes);
      if ("fragmentBytes" in changes && changes.fragmentBytes === undefined) delete settings.fragmentBytes;
    },
    violations: () => violations.map((v) => ({ ...v })),
    endpointCalls: () => endpointCalls.map((c) => ({ ...c })),
  };

  return {
    control,
    endpoint: endpointHandler({
      now: deps.now,
      appId: deps.appId,
      appSecret: deps.appSecret,
      tickets,
      clientConfig: () => clientConfig,
      record: (call) => endpointCalls.push(call),
    }),
    router: createLongConnectionControl({
      subscription: () => ({ ...current }),
      setSubscription,
      connections: control.connections,
      violations: control.violations,
      dropConnection: control.dropConnection,
      dropAfterSend: control.dropAfterSend,
    }),
    handleUpgrade: (req, socket, head) => server.handleUpgrade(req, socket, head),
    subscription: () => ({ ...current }),
    setSubscription,
    mode: (kind) => current[kind],
    deliver: (payload, timeoutMs) => pusher.deliver(payload, timeoutMs),
    reset: () => {
      violations = [];
      endpointCalls = [];
      pusher.reset();
    },
    close: () => server.close(),
  };
}
