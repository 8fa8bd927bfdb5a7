/**
 * Open-loop load at a steady rate: one request every 1/rate seconds whatever the answers do, each
 * timed from its scheduled send to the end of its answer (so a stalled server shows up in the
 * latency rather than slowing the load down). autocannon's own rate option sends each second's
 * requests back to back at the start of the second, which measures its burst, not the server.
 */
import { Agent, request } from "node:http";
import type { SignedRequest } from "./events.js";
import type { LoadResult } from "./load.js";
import { percentile } from "./stats.js";

export async function paced(options: { url: string; pool: readonly SignedRequest[]; rate: number; seconds: number }): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const intervalMs = 1000 / options.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const started = performance.now();

  const send = (item: SignedRequest, scheduledAt: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const req = request(
        { host: target.hostname, port: target.port, path: target.pathname, method: "POST", agent, headers: item.headers },
        (res) => {
          res.resume();
          res.on("end", () => {
            latencies.push(performance.now() - scheduledAt);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.setTimeout(10_000, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors += 1;
        resolve();
      });
      req.end(item.body);
    });

  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      // Send everything that is due (timers fire late under load; the schedule does not slip).
      while (next < total && started + next * intervalMs <= now) {
        inFlight.push(send(options.pool[next % options.pool.length]!, started + next * intervalMs));
        next += 1;
      }
      if (next >= total) {
        done();
        return;
      }
      setTimeout(tick, Math.max(0, started + next * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    responses: latencies.length,
    perSecond: latencies.length / seconds,
    statuses,
    errors,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.reduce((a, b) => Math.max(a, b), 0) },
  };
}
