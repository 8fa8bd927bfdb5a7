/**
 * 3. Ack latency at a fixed load (open loop: a request every 1/rate s, see lib/paced.ts) while the emulator
 * answers every API call after 2.5 s, against the same load with the emulator answering at once.
 * The bot runs as configured (cache, rate limits, work queue); the emulator and the load
 * generator run in their own processes. Commands alternate /help and /rooms today, each from its
 * own person in its own chat. The emulator does not know these messages (they come straight from
 * the load generator), so the replies are refused by it after the delay: the bot's work after the
 * ack is the same, only its outcome differs.
 */
import { startBotHost, type BotHost } from "../lib/bot-host.js";
import { startHost, type Host } from "../lib/child.js";
import { messagePool } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import { drive, type LoadResult } from "../lib/load.js";
import { paced } from "../lib/paced.js";
import { summariseProfiles } from "../lib/profile.js";
import { PROFILE_DIR } from "../lib/self-profile.js";
import type { Settings } from "../lib/settings.js";

const EMULATOR_HOST = new URL("../hosts/emulator.ts", import.meta.url);

interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

type EmulatorHost = Host<{ url: string; appId: string; appSecret: string }>;

export async function benchAckLatency(settings: Settings): Promise<Figures> {
  const figures = new Figures("3 ack latency");
  const { rate, seconds, rounds, faultMs } = settings.ackLatency;
  const emulator: EmulatorHost = await startHost(EMULATOR_HOST, { env: { BENCH_EMULATOR: JSON.stringify({ rateLimits: false }) } });
  let bot: BotHost | undefined;
  try {
    bot = await startBotHost(emulator.ready, { instrument: false, cache: true, limits: true });
    const url = `${bot.ready.url}/webhook/event`;
    const keys = bot.options.keys;
    const texts = ["/help", "/rooms today"];
    const run = (pool = messagePool(keys, Math.ceil(rate * seconds * 1.5), (i) => texts[i % texts.length]!)) =>
      paced({ url, pool, seconds, rate });
    await drive({ url, pool: messagePool(keys, 500), connections: 16, amount: 500 });

    const fast: LoadResult[] = [];
    const slow: LoadResult[] = [];
    const fastLoop: LoopDelay[] = [];
    const slowLoop: LoopDelay[] = [];
    for (let round = 0; round < rounds; round++) {
      await emulator.request("clearFaults");
      await bot.request("loopDelay");
      const profile = settings.profile && round === 0;
      if (profile) await bot.request("startProfile");
      fast.push(await run());
      if (profile) await bot.request("stopProfile", { name: "ack-latency-bot" });
      fastLoop.push(await bot.request<LoopDelay>("loopDelay"));
      await emulator.request("injectFault", { endpoint: "*", effect: { kind: "latency", ms: faultMs }, times: "always" });
      slow.push(await run());
      slowLoop.push(await bot.request<LoopDelay>("loopDelay"));
    }

    const merged = (results: LoadResult[], key: "p50" | "p99") =>
      results.map((r) => r.latencyMs[key]).reduce((a, b) => a + b, 0) / results.length;
    for (const key of ["p50", "p99"] as const) {
      const value = merged(slow, key);
      const reference = merged(fast, key);
      figures.add({
        name: `ack ${key} at ${rate} events/s, API answering after ${faultMs / 1000} s`,
        value,
        unit: "ms",
        reference: { name: "API answering at once", value: reference, unit: "ms" },
        ratio: value / reference,
        target: "well under 3 s",
        met: value < 1_000,
      });
    }
    const worst = (xs: LoopDelay[]) => Math.max(...xs.map((x) => x.p99));
    figures.add({
      name: "bot's event-loop delay p99 (its own stalls), API after 2.5 s",
      value: worst(slowLoop),
      unit: "ms",
      reference: { name: "API answering at once", value: worst(fastLoop), unit: "ms" },
      detail: { slow: slowLoop, fast: fastLoop },
    });
    const non200 = [...fast, ...slow].reduce(
      (sum, r) => sum + Object.entries(r.statuses).reduce((s, [status, n]) => s + (status === "200" ? 0 : n), 0) + r.errors,
      0,
    );
    const sent = [...fast, ...slow].reduce((sum, r) => sum + r.responses, 0);
    figures.add({
      name: "events not acknowledged with 200 (both loads)",
      value: non200,
      unit: "",
      reference: { name: "events sent", value: sent, unit: "" },
      target: "0",
      met: non200 === 0,
    });
  } finally {
    await bot?.stop();
    await emulator.stop();
  }
  if (settings.profile) console.log(`\n${summariseProfiles(PROFILE_DIR, ["ack-latency-bot"])}`);
  return figures;
}
