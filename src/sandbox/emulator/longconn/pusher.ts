/**
 * Pushes one event or callback over the long connection as Feishu does: to ONE open connection
 * chosen at random (seeded), as a data frame (split into parts past `fragmentBytes`), then waits
 * Feishu's 3 s for the ack and reads it as the webhook path reads an HTTP answer (a `Delivery`),
 * so the rest of the emulator does not care which way a push went. Like the webhook path, nothing
 * is re-pushed by itself: a test re-pushes by event id.
 */
import type { Delivery } from "../events/deliver.js";
import type { Rng } from "../tenant/rng.js";
import { readAck } from "./ack.js";
import { FrameMethod, headerValue, type Frame } from "./frame.js";
import type { LongConnectionSettings } from "./options.js";
import type { Connection, LongConnectionServer, Violation } from "./server.js";

export const NO_CONNECTION = "no long connection online";

interface Pending {
  connection: Connection;
  frames: Frame[];
  settle(delivery: Delivery, outcome: Outcome): void;
}

/** How a push ended, remembered so a second or unsolicited ack can be told from a late one. */
type Outcome = "acked" | "timed_out" | "lost";

export interface PusherDeps {
  server: LongConnectionServer;
  rng: Rng;
  settings(): LongConnectionSettings;
  violation(v: Omit<Violation, "at">): void;
}

const REMEMBERED_OUTCOMES = 10_000;

export class FramePusher {
  private nextSeqId = 1;
  private readonly pending = new Map<string, Pending>();
  private ended = new Map<string, Outcome>();
  private dropsLeft = 0;

  constructor(private readonly deps: PusherDeps) {}

  /** The next `times` pushes kill their socket right after the frame is sent, before any ack. */
  dropAfterSend(times: number): void {
    this.dropsLeft = times;
  }

  deliver(payload: unknown, timeoutMs: number): Promise<Delivery> {
    // A socket just dropped stays listed until its close event: it can take no push.
    const open = this.deps.server.connections().filter((c) => c.socket.readyState === c.socket.OPEN);
    if (open.length === 0) return Promise.resolve({ status: 0, body: "", timedOut: false, error: NO_CONNECTION });
    const connection = this.deps.rng.pick(open);
    const messageId = `${this.deps.rng.hex(8)}-${this.deps.rng.hex(4)}-${this.deps.rng.hex(12)}`;
    const frames = this.frames(connection, messageId, new TextEncoder().encode(JSON.stringify(payload)));
    const drop = this.dropsLeft > 0;
    if (drop) this.dropsLeft -= 1;
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => settle({ status: 0, body: "", timedOut: true, error: `no ack within ${timeoutMs} ms` }, "timed_out"),
        timeoutMs,
      );
      const settle = (delivery: Delivery, outcome: Outcome): void => {
        clearTimeout(timer);
        this.pending.delete(messageId);
        this.ended.set(messageId, outcome);
        // Late acks come within seconds: the oldest outcomes are forgotten, so a long run stays small.
        if (this.ended.size > REMEMBERED_OUTCOMES) this.ended.delete(this.ended.keys().next().value!);
        resolve(delivery);
      };
      this.pending.set(messageId, { connection, frames, settle });
      frames.forEach((frame, i) => {
        const last = i === frames.length - 1;
        this.deps.server.send(connection, frame, last && drop ? () => connection.socket.terminate() : undefined);
      });
    });
  }

  /** A data frame from a client: the ack of a push on that connection, checked to echo it. */
  ack(connection: Connection, frame: Frame): void {
    const violation = (problem: string): void => this.deps.violation({ deviceId: connection.deviceId, problem });
    const messageId = headerValue(frame, "message_id");
    if (messageId === undefined) {
      violation("a data frame without message_id: clients send data frames only to ack a push");
      return;
    }
    const pending = this.pending.get(messageId);
    if (!pending) {
      const ended = this.ended.get(messageId);
      if (ended === "acked") violation(`a second ack for message_id ${messageId}`);
      // An ack after the 3 s (or after its socket died) is ignored, as Feishu ignores it.
      else if (ended === undefined) violation(`an ack for message_id ${messageId}, which was never pushed`);
      return;
    }
    if (pending.connection !== connection) {
      violation(`an ack for message_id ${messageId} on another connection than its push`);
      return;
    }
    const echoed = pending.frames.find((f) => f.SeqID === frame.SeqID && f.LogID === frame.LogID && f.service === frame.service);
    if (!echoed) {
      violation(`an ack for message_id ${messageId} that does not echo a pushed frame's SeqID, LogID and service`);
    } else {
      const missing = echoed.headers.filter((h) => headerValue(frame, h.key) !== h.value).map((h) => h.key);
      if (missing.length > 0) violation(`an ack for message_id ${messageId} that does not echo header(s) ${missing.join(", ")}`);
    }
    const read = readAck(frame.payload);
    if (!read.ok) {
      violation(`${read.problem} (message_id ${messageId})`);
      pending.settle({ status: 0, body: "", timedOut: false, error: `malformed ack: ${read.problem}` }, "acked");
      return;
    }
    pending.settle({ status: read.code, body: read.body, timedOut: false }, "acked");
  }

  /** The socket died: its pushes will never be acked (Feishu would wait out its 3 s, then re-push). */
  lost(connection: Connection): void {
    for (const pending of [...this.pending.values()]) {
      if (pending.connection !== connection) continue;
      pending.settle({ status: 0, body: "", timedOut: true, error: "the long connection closed before the ack" }, "lost");
    }
  }

  reset(): void {
    this.ended = new Map();
    this.dropsLeft = 0;
  }

  private frames(connection: Connection, messageId: string, bytes: Uint8Array): Frame[] {
    const size = this.deps.settings().fragmentBytes ?? Math.max(bytes.length, 1);
    const sum = Math.max(1, Math.ceil(bytes.length / size));
    const traceId = this.deps.rng.hex(32);
    return Array.from({ length: sum }, (_, seq) => ({
      SeqID: this.nextSeqId++,
      LogID: this.deps.rng.int(1, 2 ** 31),
      service: connection.serviceId,
      method: FrameMethod.data,
      headers: [
        { key: "type", value: "event" },
        { key: "message_id", value: messageId },
        { key: "sum", value: String(sum) },
        { key: "seq", value: String(seq) },
        { key: "trace_id", value: traceId },
      ],
      payload: bytes.subarray(seq * size, (seq + 1) * size),
    }));
  }
}
