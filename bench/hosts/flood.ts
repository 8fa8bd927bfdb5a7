/**
 * The flood of the `flood` benchmark, in its own process so that neither its work nor its timers
 * share the event loop of the /healthz prober (the runner) or of the bot. N senders each stream
 * ~1 MB bodies of nested JSON to the bot at total/N bytes per second, one request after another
 * on a keep-alive connection, writing every body to its end whatever the answer (a refusal that
 * comes early does not shorten the flood: the offered bytes are the same before and after a fix).
 * With `stagger`, the senders' first bodies are cut short by i/N so that bodies finish at a steady
 * rate from the start; without it the senders go in step and their bodies all finish together.
 */
import { randomBytes } from "node:crypto";
import { Agent, request, type ClientRequest } from "node:http";
import { serveHost } from "../lib/child.js";
import { sleep } from "../lib/stats.js";

/** length: unsigned, with Content-Length; chunked: unsigned, no Content-Length; signed-junk: signature headers (current timestamp, random signature) over the same body. */
export type FloodMode = "length" | "chunked" | "signed-junk";

export interface FloodArgs {
  url: string;
  mode: FloodMode;
  senders: number;
  bytesPerSecond: number;
  bodyBytes: number;
  seconds: number;
  /** Spread the senders' bodies evenly over time (true) or send them in step (false). */
  stagger: boolean;
}

export interface FloodResult {
  mode: FloodMode;
  seconds: number;
  bytesSent: number;
  bodiesSent: number;
  statuses: Record<string, number>;
  errors: number;
}

const CHUNK = 16 * 1024;
/** A sender that fell this far behind its schedule (the server not reading) drops the backlog. */
const MAX_LAG_MS = 1_000;

/** JSON of exactly `bytes` bytes nested `{"a":[{"a":[…]}]}`: slow to parse, as an attacker would pick. */
export function nestedJson(bytes: number): Buffer {
  const depth = Math.max(0, Math.floor((bytes - 2) / 8));
  return Buffer.from(('{"a":[' + '{"a":['.repeat(depth) + "]}".repeat(depth) + "]}").padEnd(bytes, " "));
}

async function flood(args: FloodArgs): Promise<FloodResult> {
  const target = new URL(args.url);
  const agent = new Agent({ keepAlive: true, maxSockets: args.senders });
  const body = nestedJson(args.bodyBytes);
  const perSender = args.bytesPerSecond / args.senders;
  const started = performance.now();
  const deadline = started + args.seconds * 1000;
  const statuses: Record<string, number> = {};
  let bytesSent = 0;
  let bodiesSent = 0;
  let errors = 0;
  const open = new Set<ClientRequest>();

  const headersFor = (length: number): Record<string, string> => {
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
    if (args.mode !== "chunked") headers["content-length"] = String(length);
    if (args.mode === "signed-junk") {
      headers["x-lark-request-timestamp"] = String(Math.floor(Date.now() / 1000));
      headers["x-lark-request-nonce"] = randomBytes(8).toString("hex");
      headers["x-lark-signature"] = randomBytes(32).toString("hex");
    }
    return headers;
  };

  /** One request: the body written at this sender's pace; resolves once answered and written. */
  const send = async (payload: Buffer, clock: { start: number; sent: number }): Promise<void> => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: headersFor(payload.length) });
    open.add(req);
    let failed = false;
    const answered = new Promise<void>((resolve) => {
      req.on("response", (res) => {
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
        res.on("end", resolve);
        res.on("error", resolve);
      });
      req.on("error", () => {
        failed = true;
        resolve();
      });
      req.on("close", resolve);
    });
    for (let at = 0; at < payload.length && !failed; at += CHUNK) {
      const due = clock.start + (clock.sent / perSender) * 1000;
      const now = performance.now();
      if (now > deadline) break;
      if (due > now) await sleep(due - now);
      else if (now - due > MAX_LAG_MS) clock.start += now - due - MAX_LAG_MS;
      if (performance.now() > deadline || failed) break;
      const chunk = payload.subarray(at, at + CHUNK);
      await new Promise<void>((resolve) => req.write(chunk, () => resolve()));
      clock.sent += chunk.length;
      bytesSent += chunk.length;
    }
    if (performance.now() > deadline || failed) {
      req.destroy();
      if (failed) errors += 1;
    } else {
      req.end();
      bodiesSent += 1;
    }
    await answered;
    open.delete(req);
  };

  const sender = async (i: number): Promise<void> => {
    const clock = { start: started, sent: 0 };
    // Staggered, the first body is shortened by i/N: bodies then end at a steady rate from the start.
    let payload = args.stagger ? nestedJson(Math.max(64, Math.round(args.bodyBytes * (1 - i / args.senders)))) : body;
    while (performance.now() < deadline) {
      await send(payload, clock);
      payload = body;
    }
  };

  await Promise.all(Array.from({ length: args.senders }, (_, i) => sender(i)));
  for (const req of open) req.destroy();
  agent.destroy();
  return { mode: args.mode, seconds: (performance.now() - started) / 1000, bytesSent, bodiesSent, statuses, errors };
}

serveHost({ pid: process.pid }, { flood: (args) => flood(args as FloodArgs) });
