/**
 * 1. Webhook ingest: signed, encrypted im.message.receive_v1 events per second through our full
 * ack path, against a bare express.json() endpoint and the SDK's adaptExpress + EventDispatcher
 * (same keys, same bodies), plus forged requests rejected per second. Every server runs in its own
 * process; the runs alternate and their order rotates each round, so all see the same machine
 * load. Server CPU time per event is measured too: it is far steadier than events/s on a shared
 * machine. The step costs (ingest-steps.ts) and BENCH_PROFILE=1 say what costs what.
 *
 * The ack path runs with each store engine: memory, SQLite, and Redis (REDIS_URL, or a
 * redis-server started here on a free port with persistence off, as the store tests and
 * benches/store.ts do; no Redis rows without either). Redis does part of the work in its own
 * process, so its CPU time per event (INFO cpu, read around each Redis run) is shown next to the
 * bot process's.
 */
import { testRedis, uniquePrefix, type TestRedis } from "../../test/helpers/redis.js";
import { startHost, type Host } from "../lib/child.js";
import { freshKeys, messagePool, type WebhookKeys } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import { drive } from "../lib/load.js";
import { summariseProfiles } from "../lib/profile.js";
import { deleteKeys, redisCpuMicros, redisObserver } from "../lib/redis.js";
import { PROFILE_DIR } from "../lib/self-profile.js";
import type { Settings } from "../lib/settings.js";
import type { IngestKind, IngestStats } from "../hosts/ingest.js";
import { addStepCosts } from "./ingest-steps.js";

const HOST = new URL("../hosts/ingest.ts", import.meta.url);

export function startIngestHost(
  kind: IngestKind,
  keys: WebhookKeys,
  execArgv: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<Host<{ url: string }>> {
  return startHost<{ url: string }>(HOST, { execArgv, env: { ...env, BENCH_INGEST_KIND: kind, BENCH_KEYS: JSON.stringify(keys) } });
}

/** One load run: which server, with which bodies. "forged" sends wrongly signed events to ours. */
const TARGETS = [
  { key: "ours", kind: "ours", forged: false },
  { key: "sqlite", kind: "sqlite", forged: false },
  { key: "redis", kind: "redis", forged: false },
  { key: "bare", kind: "bare", forged: false },
  { key: "sdk", kind: "sdk", forged: false },
  { key: "raw", kind: "raw", forged: false },
  { key: "node", kind: "node", forged: false },
  { key: "lean", kind: "lean", forged: false },
  { key: "forged", kind: "ours", forged: true },
] as const satisfies ReadonlyArray<{ key: string; kind: IngestKind; forged: boolean }>;

type TargetKey = (typeof TARGETS)[number]["key"];

interface Measured {
  perSecond: number[];
  cpuMicrosPerEvent: number[];
  /** Redis only: the redis-server's CPU time per event in the same run. */
  storeCpuMicrosPerEvent: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function benchIngest(settings: Settings): Promise<Figures> {
  const figures = new Figures("1 ingest");
  const { rounds, requestsPerRun, connections, warmup } = settings.ingest;
  const keys = freshKeys();
  // A redis-server that fails to start costs the Redis rows, not the others.
  const redis = await testRedis().catch(
    (error: unknown): TestRedis => ({ available: false, reason: `redis-server did not start (${String(error)})`, close: async () => undefined }),
  );
  const redisPrefix = uniquePrefix("bench-ingest");
  const redisLabel = redis.available ? (redis.source === "REDIS_URL" ? "REDIS_URL" : "local redis-server, no persistence") : "";
  if (!redis.available) console.warn(`ingest: ${redis.reason}; no Redis rows`);
  const observer = redis.available ? redisObserver(redis.url) : undefined;
  const targets = TARGETS.filter((t) => t.kind !== "redis" || redis.available);
  const kinds = [...new Set(targets.map((t) => t.kind))];
  const hostEnv = (kind: IngestKind): NodeJS.ProcessEnv =>
    kind === "redis" && redis.available ? { BENCH_REDIS_URL: redis.url, BENCH_REDIS_PREFIX: redisPrefix } : {};
  const hosts = new Map<IngestKind, Host<{ url: string }>>();
  const measured = new Map<TargetKey, Measured>(targets.map((t) => [t.key, { perSecond: [], cpuMicrosPerEvent: [], storeCpuMicrosPerEvent: [] }]));
  const unexpected: string[] = [];
  let handedOn = 0;
  try {
    const started = await Promise.all(kinds.map((kind) => startIngestHost(kind, keys, [], hostEnv(kind))));
    kinds.forEach((kind, i) => hosts.set(kind, started[i]!));
    for (const kind of kinds) {
      await drive({ url: hosts.get(kind)!.ready.url, pool: messagePool(keys, warmup), connections, amount: warmup });
    }
    const handledBefore = (await hosts.get("ours")!.request<IngestStats>("stats")).handled;
    for (let round = 0; round < rounds; round++) {
      // The same bodies for every server, fresh ones (new message ids) every round.
      const events = messagePool(keys, requestsPerRun);
      const forged = messagePool(keys, requestsPerRun, () => "/help", true);
      for (let i = 0; i < targets.length; i++) {
        const target = targets[(i + round) % targets.length]!;
        const host = hosts.get(target.kind)!;
        // Profiles (BENCH_PROFILE=1) cover the first round's runs, one file per target.
        const profile = settings.profile && round === 0;
        if (profile) await host.request("startProfile");
        const amount = requestsPerRun;
        const watchStore = target.kind === "redis" && observer !== undefined;
        const before = await host.request<IngestStats>("stats");
        const storeBefore = watchStore ? await redisCpuMicros(observer) : 0;
        const result = await drive({ url: host.ready.url, pool: target.forged ? forged : events, connections, amount });
        const storeAfter = watchStore ? await redisCpuMicros(observer) : 0;
        const after = await host.request<IngestStats>("stats");
        if (profile) await host.request("stopProfile", { name: `ingest-${target.key}` });
        const expected = target.forged ? "401" : "200";
        if (result.statuses[expected] !== amount) unexpected.push(`${target.key}: ${JSON.stringify(result.statuses)}`);
        const m = measured.get(target.key)!;
        m.perSecond.push(result.perSecond);
        m.cpuMicrosPerEvent.push((after.cpuMicros - before.cpuMicros) / amount);
        if (watchStore) m.storeCpuMicrosPerEvent.push((storeAfter - storeBefore) / amount);
      }
    }
    handedOn = (await hosts.get("ours")!.request<IngestStats>("stats")).handled - handledBefore;
  } finally {
    for (const host of hosts.values()) await host.stop();
    if (observer) {
      // The inbox keys have no TTL: a shared REDIS_URL keeps nothing of ours.
      await deleteKeys(observer, redisPrefix).catch((error: unknown) => console.warn(`ingest: Redis keys under ${redisPrefix} not deleted: ${String(error)}`));
      observer.disconnect();
    }
    await redis.close();
  }
  if (unexpected.length > 0) console.warn(`ingest: unexpected statuses: ${unexpected.join("; ")}`);

  const rate = (key: TargetKey) => average(measured.get(key)!.perSecond);
  const cpu = (key: TargetKey) => median(measured.get(key)!.cpuMicrosPerEvent);
  const detail = (key: TargetKey) => ({
    perSecondByRound: measured.get(key)!.perSecond,
    cpuMicrosPerEventByRound: measured.get(key)!.cpuMicrosPerEvent,
    ...(key === "redis" ? { redisServerCpuMicrosPerEventByRound: measured.get(key)!.storeCpuMicrosPerEvent } : {}),
  });
  const memoryRate = { name: "full ack path, memory store", value: rate("ours"), unit: "events/s" };
  const bare = { name: "bare express.json()", value: rate("bare"), unit: "events/s" };
  const bareCpu = { name: "bare express.json()", value: cpu("bare"), unit: "µs" };
  figures.add({
    name: "full ack path, memory store (verify, decrypt, dedupe, enqueue)",
    value: rate("ours"),
    unit: "events/s",
    reference: bare,
    ratio: rate("ours") / rate("bare"),
    target: "≥ 1.00×",
    met: rate("ours") >= rate("bare"),
    detail: detail("ours"),
  });
  figures.add({
    name: "the same deduping in the SQLite store (group commit, synchronous=FULL)",
    value: rate("sqlite"),
    unit: "events/s",
    reference: bare,
    ratio: rate("sqlite") / rate("bare"),
    target: "≥ 1.00×",
    met: rate("sqlite") >= rate("bare"),
    detail: detail("sqlite"),
  });
  figures.add({
    name: "  against the memory store",
    value: rate("sqlite"),
    unit: "events/s",
    reference: memoryRate,
    ratio: rate("sqlite") / rate("ours"),
    target: "≥ 0.80×",
    met: rate("sqlite") >= 0.8 * rate("ours"),
  });
  if (measured.has("redis")) {
    figures.add({
      name: `the same deduping in the Redis store (${redisLabel})`,
      value: rate("redis"),
      unit: "events/s",
      reference: bare,
      ratio: rate("redis") / rate("bare"),
      detail: detail("redis"),
    });
    figures.add({ name: "  against the memory store", value: rate("redis"), unit: "events/s", reference: memoryRate, ratio: rate("redis") / rate("ours") });
  }
  figures.add({ name: "SDK adaptExpress + EventDispatcher", value: rate("sdk"), unit: "events/s", reference: bare, ratio: rate("sdk") / rate("bare"), detail: detail("sdk") });
  figures.add({
    name: "full ack path vs the SDK's adapter",
    value: rate("ours"),
    unit: "events/s",
    reference: { name: "SDK adapter", value: rate("sdk"), unit: "events/s" },
    ratio: rate("ours") / rate("sdk"),
  });
  figures.add({
    name: "forged requests rejected (401)",
    value: rate("forged"),
    unit: "req/s",
    reference: { name: "full ack path", value: rate("ours"), unit: "events/s" },
    ratio: rate("forged") / rate("ours"),
    target: "> 1.00×",
    met: rate("forged") > rate("ours"),
    detail: detail("forged"),
  });
  figures.add({
    name: "messages handed on by ours (one per distinct event)",
    value: handedOn,
    unit: "",
    reference: { name: "distinct events sent", value: rounds * requestsPerRun, unit: "" },
    ratio: handedOn / (rounds * requestsPerRun),
    target: "= 1.00×",
    met: handedOn === rounds * requestsPerRun,
  });
  figures.add({ name: "express.raw() answering {} (our route's floor)", value: rate("raw"), unit: "events/s", reference: bare, ratio: rate("raw") / rate("bare"), detail: detail("raw") });
  figures.add({ name: "plain node:http answering {} (no express)", value: rate("node"), unit: "events/s", reference: bare, ratio: rate("node") / rate("bare"), detail: detail("node") });
  figures.add({ name: "what-if: our checks in a plain node:http handler", value: rate("lean"), unit: "events/s", reference: bare, ratio: rate("lean") / rate("bare"), detail: detail("lean") });
  const cpuRow = (key: TargetKey, name: string) => figures.add({ name, value: cpu(key), unit: "µs", reference: bareCpu, ratio: cpu(key) / cpu("bare") });
  cpuRow("ours", "server CPU per event: full ack path");
  cpuRow("sqlite", "server CPU per event: full ack path, SQLite dedupe");
  if (measured.has("redis")) {
    const memoryCpu = { name: "full ack path, memory store", value: cpu("ours"), unit: "µs" };
    // Per round, the bot process's and the redis-server's time for the same events; the median of those sums.
    const m = measured.get("redis")!;
    const together = median(m.cpuMicrosPerEvent.map((c, i) => c + (m.storeCpuMicrosPerEvent[i] ?? 0)));
    cpuRow("redis", "server CPU per event: full ack path, Redis dedupe (bot process)");
    figures.add({ name: "  against the memory store", value: cpu("redis"), unit: "µs", reference: memoryCpu, ratio: cpu("redis") / cpu("ours") });
    figures.add({ name: "  with redis-server's own CPU (INFO cpu)", value: together, unit: "µs", reference: memoryCpu, ratio: together / cpu("ours") });
  }
  for (const [key, name] of [
    ["sdk", "server CPU per event: SDK adapter"],
    ["raw", "server CPU per event: express.raw() floor"],
    ["node", "server CPU per event: plain node:http floor"],
    ["lean", "server CPU per event: our checks on node:http"],
    ["forged", "server CPU per forged request"],
  ] as const) {
    cpuRow(key, name);
  }
  await addStepCosts(figures, rate("bare"), settings);
  if (settings.profile) console.log(`\n${summariseProfiles(PROFILE_DIR, targets.map((t) => `ingest-${t.key}`))}`);
  return figures;
}
