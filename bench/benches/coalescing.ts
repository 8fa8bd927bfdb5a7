/**
 * 4. Upstream calls for 100 concurrent identical commands from 100 people: `/rooms` for the
 * busiest day (several pages), with the gateway as configured (cache and coalescing), against the
 * same 100 with no sharing at all (every gateway call made by a gateway of its own). The emulator's
 * rate limits are off so the reference is not slowed into retries; only data calls are counted
 * (token, bot-info and reply calls are not).
 */
import { startEmulator, type Emulator } from "../../src/sandbox/emulator/index.js";
import { startBotHost, wireWebhook } from "../lib/bot-host.js";
import { Figures } from "../lib/figures.js";
import type { Settings } from "../lib/settings.js";
import { sleep } from "../lib/stats.js";

const NOT_DATA = new Set(["tenant_token", "bot_info", "message_reply", "message_create", "message_patch", "card_update"]);
const ANSWER_TIMEOUT_MS = 60_000;

export async function benchCoalescing(settings: Settings): Promise<Figures> {
  const figures = new Figures("4 coalescing");
  const n = settings.coalescing.commands;
  const emulator = await startEmulator({ rateLimits: false });
  try {
    const day = emulator.tenant.notable.busiestReservationDay;
    const ours = await burst(emulator, n, `/rooms ${day}`, true);
    const reference = await burst(emulator, n, `/rooms ${day}`, false);
    figures.add({
      name: `upstream data calls, ${n} × /rooms ${day} at once`,
      value: ours.dataCalls,
      unit: "calls",
      reference: { name: "no sharing", value: reference.dataCalls, unit: "calls" },
      ratio: ours.dataCalls / reference.dataCalls,
      target: `the calls of one (${reference.dataCalls / n})`,
      met: ours.dataCalls <= reference.dataCalls / n,
    });
    figures.add({
      name: "commands answered",
      value: ours.answered,
      unit: "",
      reference: { name: "no sharing", value: reference.answered, unit: "" },
      target: `${n}`,
      met: ours.answered === n,
    });
  } finally {
    await emulator.close();
  }
  return figures;
}

async function burst(emulator: Emulator, n: number, text: string, coalesce: boolean): Promise<{ dataCalls: number; answered: number }> {
  const bot = await startBotHost(emulator, { instrument: false, cache: true, limits: true, coalesce });
  try {
    wireWebhook(emulator, bot);
    emulator.reset();
    const tag = coalesce ? "c" : "r";
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        emulator.pushMessage({ text, chatType: "p2p", chatId: `oc_co_${tag}${i}`, senderOpenId: `ou_co_${tag}${i}` }),
      ),
    );
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (emulator.sent().length < n && Date.now() < deadline) await sleep(50);
    const dataCalls = emulator.calls().filter((call) => !NOT_DATA.has(call.endpoint)).length;
    return { dataCalls, answered: emulator.sent().length };
  } finally {
    await bot.stop();
  }
}
