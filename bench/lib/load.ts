/**
 * HTTP load with autocannon: every request takes the next body of a pre-built pool (distinct
 * message ids), and every response time is kept at full precision (autocannon's own histogram
 * rounds to whole milliseconds). Closed loop: each connection sends its next request when the
 * last is answered (for a steady rate, see paced.ts). The rate is answers over the time to the
 * last answer.
 */
import autocannon from "autocannon";
import type { SignedRequest } from "./events.js";
import { percentile } from "./stats.js";

export interface LoadOptions {
  url: string;
  pool: readonly SignedRequest[];
  connections: number;
  /** Stop after this many requests... */
  amount?: number;
  /** ...or after this many seconds. */
  seconds?: number;
}

export interface LoadResult {
  responses: number;
  perSecond: number;
  statuses: Record<string, number>;
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export async function drive(options: LoadOptions): Promise<LoadResult> {
  const { pool } = options;
  let next = 0;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = process.hrtime.bigint();
  let last = started;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount !== undefined ? { amount: options.amount } : {}),
        ...(options.seconds !== undefined ? { duration: options.seconds } : {}),
        timeout: 10,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => {
              const item = pool[next++ % pool.length]!;
              return { ...request, method: "POST", body: item.body, headers: item.headers };
            },
          },
        ],
      },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on("response", (_client, status, _bytes, responseTime) => {
      last = process.hrtime.bigint();
      latencies.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  // autocannon notices that `amount` is reached only on its one-second tick: time to the last answer.
  const seconds = Number(last - started) / 1e9;
  return {
    responses: latencies.length,
    perSecond: latencies.length / seconds,
    statuses,
    errors: result.errors,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.reduce((a, b) => Math.max(a, b), 0) },
  };
}
