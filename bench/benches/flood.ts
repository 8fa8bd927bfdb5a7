/**
 * 8. /healthz latency while the bot's /webhook/event is flooded with unsigned ~1 MB bodies of
 * nested JSON from N concurrent senders at about 15 MB/s in total (issue 10, item 5: such a body
 * used to be read and parsed before it was refused, since an unsigned request might be the URL
 * challenge), against /healthz with no flood, in the same run. The bot runs as `createBot` wires
 * it (Encrypt Key set, app.yaml's body limit), in its own process; the flood comes from another
 * process (hosts/flood.ts) and the prober, in this one, asks GET /healthz at a steady rate, each
 * ask timed from its scheduled send (open loop, so a stalled bot shows up as latency).
 *
 * Four floods: unsigned with Content-Length, unsigned chunked (no Content-Length: counted while
 * streaming), both with the senders' bodies spread evenly over time (15 bodies a second); the
 * first again with the senders in step (48 bodies arriving together every 3.2 s, the burst that
 * took /healthz to 4 s in issue 10); and, for comparison, the same bodies with junk signature
 * headers (a current timestamp and a random signature), which are read to the end and hashed,
 * never parsed.
 */
import { Agent, request } from "node:http";
import { startBotHost, type BotHost } from "../lib/bot-host.js";
import { startHost, type Host } from "../lib/child.js";
import { Figures } from "../lib/figures.js";
import type { Settings } from "../lib/settings.js";
import { percentile, sleep } from "../lib/stats.js";
import type { FloodArgs, FloodMode, FloodResult } from "../hosts/flood.js";

const EMULATOR_HOST = new URL("../hosts/emulator.ts", import.meta.url);
const FLOOD_HOST = new URL("../hosts/flood.ts", import.meta.url);

/** Issue 10's figures: 48 senders, 15 MB/s in all, ~1 MB bodies. */
const SENDERS = 48;
const BYTES_PER_SECOND = 15_000_000;
const BODY_BYTES = 1_000_000;
const PROBES_PER_SECOND = 50;
const PROBE_TIMEOUT_MS = 30_000;
const GOAL_MS = 50;

interface ProbeResult {
  p50: number;
  p99: number;
  max: number;
  answered: number;
  failed: number;
}

interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

const FLOODS: Array<{ mode: FloodMode; stagger: boolean; label: string }> = [
  { mode: "length", stagger: true, label: "unsigned, Content-Length" },
  { mode: "chunked", stagger: true, label: "unsigned, chunked (no Content-Length)" },
  { mode: "length", stagger: false, label: "unsigned, Content-Length, senders in step" },
  { mode: "signed-junk", stagger: true, label: "junk signature headers, Content-Length" },
];

export async function benchFlood(settings: Settings): Promise<Figures> {
  const figures = new Figures("8 flood");
  const seconds = settings.quick ? 2 : 5;
  const emulator: Host<{ url: string; appId: string; appSecret: string }> = await startHost(EMULATOR_HOST, {
    env: { BENCH_EMULATOR: JSON.stringify({ rateLimits: false }) },
  });
  let bot: BotHost | undefined;
  let flooder: Host<{ pid: number }> | undefined;
  try {
    bot = await startBotHost(emulator.ready, { instrument: false, cache: true, limits: true });
    flooder = await startHost<{ pid: number }>(FLOOD_HOST);
    const health = `${bot.ready.url}/healthz`;
    const webhook = `${bot.ready.url}/webhook/event`;
    await probe(health, 1); // warm-up

    const phase = async (spec: { mode: FloodMode; stagger: boolean } | undefined) => {
      await untilIdle(health);
      await bot!.request("loopDelay");
      const args: FloodArgs = { url: webhook, senders: SENDERS, bytesPerSecond: BYTES_PER_SECOND, bodyBytes: BODY_BYTES, seconds, mode: "length", stagger: true, ...spec };
      const flooding = spec === undefined ? Promise.resolve(undefined) : flooder!.request<FloodResult>("flood", args);
      const [probes, flood] = await Promise.all([probe(health, seconds), flooding]);
      const loop = await bot!.request<LoopDelay>("loopDelay");
      return { probes, flood, loop };
    };

    const quiet = await phase(undefined);
    const floods = [];
    for (const spec of FLOODS) floods.push({ ...spec, ...(await phase(spec)) });
    const after = await phase(undefined);

    for (const { label, mode, probes, flood, loop } of floods) {
      const rate = flood ? flood.bytesSent / flood.seconds / 1e6 : 0;
      const detail = { flood, probes, botLoopDelayMs: loop, reference: { probes: quiet.probes, botLoopDelayMs: quiet.loop }, settings: { seconds, senders: SENDERS, bytesPerSecond: BYTES_PER_SECOND, bodyBytes: BODY_BYTES, probesPerSecond: PROBES_PER_SECOND } };
      const name = `/healthz %s, ${SENDERS} senders at ${rate.toFixed(1)} MB/s, ${label}`;
      figures.add({
        name: name.replace("%s", "p50"),
        value: probes.p50,
        unit: "ms",
        reference: { name: "no flood", value: quiet.probes.p50, unit: "ms" },
        ratio: probes.p50 / quiet.probes.p50,
        ...(mode === "signed-junk" ? {} : { target: `< ${GOAL_MS} ms`, met: probes.p50 < GOAL_MS }),
        detail,
      });
      figures.add({
        name: name.replace("%s", "p99"),
        value: probes.p99,
        unit: "ms",
        reference: { name: "no flood", value: quiet.probes.p99, unit: "ms" },
        ratio: probes.p99 / quiet.probes.p99,
      });
      const answers = flood ? Object.entries(flood.statuses).map(([status, n]) => `${n}×${status}`).join(", ") : "";
      figures.add({
        name: `bot's longest event-loop stall (the flood got ${answers || "no answer"}; ${probes.failed} of ${probes.answered + probes.failed} asks unanswered)`,
        value: loop.max,
        unit: "ms",
        reference: { name: "no flood", value: quiet.loop.max, unit: "ms" },
        ratio: loop.max / quiet.loop.max,
      });
    }
    figures.add({
      name: "/healthz p50 with no flood, after the floods",
      value: after.probes.p50,
      unit: "ms",
      reference: { name: "no flood, before", value: quiet.probes.p50, unit: "ms" },
      ratio: after.probes.p50 / quiet.probes.p50,
      detail: { probes: after.probes, botLoopDelayMs: after.loop },
    });
  } finally {
    await flooder?.stop();
    await bot?.stop();
    await emulator.stop();
  }
  return figures;
}

/** GET `url` PROBES_PER_SECOND times a second for `seconds`, each timed from its scheduled send. */
async function probe(url: string, seconds: number): Promise<ProbeResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(PROBES_PER_SECOND * seconds);
  const intervalMs = 1000 / PROBES_PER_SECOND;
  const latencies: number[] = [];
  let failed = 0;
  const inFlight: Array<Promise<void>> = [];
  const started = performance.now();
  const ask = (scheduledAt: number) =>
    new Promise<void>((resolve) => {
      const req = request({ host: target.hostname, port: target.port, path: target.pathname, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 200) latencies.push(performance.now() - scheduledAt);
          else failed += 1;
          resolve();
        });
      });
      req.setTimeout(PROBE_TIMEOUT_MS, () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        failed += 1;
        resolve();
      });
      req.end();
    });
  for (let next = 0; next < total; next++) {
    const due = started + next * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(ask(due));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.reduce((a, b) => Math.max(a, b), 0),
    answered: latencies.length,
    failed,
  };
}

/** Waits until the bot answers /healthz promptly again (a flood may leave a backlog behind). */
async function untilIdle(url: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    const ok = await new Promise<boolean>((resolve) => {
      const req = request(url, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode === 200));
      });
      req.setTimeout(PROBE_TIMEOUT_MS, () => req.destroy());
      req.on("error", () => resolve(false));
      req.end();
    });
    if (ok && performance.now() - t0 < 20) return;
    await sleep(100);
  }
}
