/**
 * The WebSocket side of the long connection, on the emulator's own HTTP server: the handshake
 * (path, single-use ticket, connection limit, refusals as Feishu words them in Handshake-* headers),
 * the open connections, pings answered with pongs, and every inbound frame checked. Data frames
 * (acks) go to the pusher; anything malformed is recorded as a violation.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { FrameMethod, decodeFrame, encodeFrame, headerValue, type Frame } from "./frame.js";
import type { ClientConfig, LongConnectionSettings } from "./options.js";
import type { Grant, Tickets } from "./tickets.js";

/** ws/const.go: the handshake's auth error for one connection too many. */
export const EXCEED_CONN_LIMIT = 1000040350;

export interface Connection {
  deviceId: string;
  serviceId: number;
  openedAt: number;
  pings: number;
  acks: number;
  socket: WebSocket;
}

/** One open connection as tests see it. */
export interface ConnectionInfo {
  deviceId: string;
  serviceId: number;
  openedAt: number;
  /** Pings received with the right service id. */
  pings: number;
  /** Data frames received: acks, including late or malformed ones. */
  acks: number;
}

/** Something a client did that Feishu would not accept. */
export interface Violation {
  at: number;
  deviceId?: string;
  problem: string;
}

export interface ServerDeps {
  now(): number;
  tickets: Tickets;
  settings(): LongConnectionSettings;
  clientConfig(): ClientConfig;
  violation(v: Omit<Violation, "at">): void;
  /** A data frame from a client: an ack, or something posing as one. */
  data(connection: Connection, frame: Frame): void;
  /** The socket is gone; what was waiting on it is lost. */
  closed(connection: Connection): void;
}

interface Waiter {
  count: number;
  resolve(): void;
}

export class LongConnectionServer {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly open = new Map<string, Connection>();
  private waiters: Waiter[] = [];

  constructor(private readonly deps: ServerDeps) {}

  /** For the HTTP server's `upgrade` event. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    // A client that vanishes mid-handshake must not take the emulator down.
    socket.on("error", () => {});
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://emulator");
    } catch {
      refuse(socket, 400, "Bad Request", { "Handshake-Status": "400", "Handshake-Msg": "malformed request target" });
      return;
    }
    if (url.pathname !== "/ws/v2") {
      refuse(socket, 404, "Not Found", { "Handshake-Status": "404", "Handshake-Msg": "no such path" });
      return;
    }
    const check = this.deps.tickets.redeem(url.searchParams);
    if (!check.ok) {
      refuse(socket, 403, "Forbidden", { "Handshake-Status": "403", "Handshake-Msg": check.reason });
      return;
    }
    if (this.open.size >= this.deps.settings().maxConnections) {
      refuse(socket, 514, "Auth Failed", {
        "Handshake-Status": "514",
        "Handshake-Msg": "the number of connections exceeded the limit",
        "Handshake-Autherrcode": String(EXCEED_CONN_LIMIT),
      });
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, check.grant));
  }

  connections(): Connection[] {
    return [...this.open.values()];
  }

  info(): ConnectionInfo[] {
    return this.connections().map(({ deviceId, serviceId, openedAt, pings, acks }) => ({ deviceId, serviceId, openedAt, pings, acks }));
  }

  /** Resolves once at least `count` clients are connected; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs: number): Promise<void> {
    if (this.open.size >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.open.size} long connection(s) after ${timeoutMs} ms, wanted ${count}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Kills the socket(s) without a close handshake, as a network failure would; returns how many. */
  drop(deviceId: string): number {
    const targets = deviceId === "all" ? this.connections() : [this.open.get(deviceId)].filter((c) => c !== undefined);
    for (const connection of targets) connection.socket.terminate();
    return targets.length;
  }

  /** `sent` runs once the frame is handed to the network. */
  send(connection: Connection, frame: Frame, sent?: () => void): void {
    connection.socket.send(encodeFrame(frame), sent ? () => sent() : undefined);
  }

  close(): Promise<void> {
    this.drop("all");
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, grant: Grant): void {
    const connection: Connection = { deviceId: grant.deviceId, serviceId: grant.serviceId, openedAt: this.deps.now(), pings: 0, acks: 0, socket };
    this.open.set(connection.deviceId, connection);
    socket.on("error", () => {});
    socket.on("message", (data, isBinary) => this.receive(connection, data, isBinary));
    socket.on("close", () => {
      this.open.delete(connection.deviceId);
      this.deps.closed(connection);
    });
    const ready = this.waiters.filter((w) => this.open.size >= w.count);
    this.waiters = this.waiters.filter((w) => this.open.size < w.count);
    for (const waiter of ready) waiter.resolve();
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    const violation = (problem: string): void => this.deps.violation({ deviceId: connection.deviceId, problem });
    if (!isBinary) {
      violation("a text message: every message must be one binary pbbp2.Frame");
      return;
    }
    let frame: Frame;
    try {
      frame = decodeFrame(toBytes(data));
    } catch (error) {
      violation(`a frame that does not decode: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (frame.method === FrameMethod.data) {
      connection.acks += 1;
      this.deps.data(connection, frame);
      return;
    }
    if (frame.method !== FrameMethod.control) {
      violation(`a frame with unknown method ${frame.method}`);
      return;
    }
    const type = headerValue(frame, "type");
    if (type !== "ping") {
      violation(`a control frame of type ${type ?? "(none)"}: clients send only pings`);
      return;
    }
    if (frame.service !== connection.serviceId) {
      violation(`a ping for service ${frame.service}, not the connection's ${connection.serviceId}`);
      return;
    }
    connection.pings += 1;
    if (!this.deps.settings().pong) return;
    this.send(connection, {
      SeqID: 0,
      LogID: 0,
      service: connection.serviceId,
      method: FrameMethod.control,
      headers: [{ key: "type", value: "pong" }],
      payload: new TextEncoder().encode(JSON.stringify(this.deps.clientConfig())),
    });
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}

/** A non-101 answer, as Feishu refuses a handshake: the reason is in the Handshake-* headers. */
function refuse(socket: Duplex, status: number, reason: string, headers: Record<string, string>): void {
  const lines = [`HTTP/1.1 ${status} ${reason}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "Connection: close", "Content-Length: 0"];
  socket.once("finish", () => socket.destroy());
  socket.end(`${lines.join("\r\n")}\r\n\r\n`);
}
