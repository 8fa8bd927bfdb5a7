/**
 * 12. What a person waits for, per command (issue 12, "Measured"): time to the first card the chat
 * shows (a "working on it" stand-in or the answer itself) and to the final card (the answer's
 * content, after the last patch), with the emulator answering every Open API call after 80 ms and
 * its rate limits on. The sandbox as shipped (startSandbox: the bot's defaults, its own limits and
 * cache), one fresh sandbox a round, the commands one after another in a group, each from its own
 * admin. Against: the first-card goal (1 s) and each command's floor (lib/floor.ts), from the calls
 * the emulator saw for it.
 */
import { cardToText } from "../../src/cards/index.js";
import { peekSealed } from "../../src/cards/seal.js";
import { silentLogger } from "../../src/log/logger.js";
import type { Emulator, SentMessage } from "../../src/sandbox/emulator/index.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/start.js";
import { benchConfig } from "../lib/config.js";
import { freshKeys } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import { floorOf, type Floor } from "../lib/floor.js";
import type { Settings } from "../lib/settings.js";
import { percentile, sleep } from "../lib/stats.js";

const FIRST_CARD_GOAL_MS = 1_000;
const FLOOR_GOAL = 1.2;
/** A command is over when nothing was sent and no call was made or open for this long. */
const QUIET_MS = 1_200;
const GIVE_UP_MS = 30_000;
const DAY_S = 86_400;
const ADMINS = Array.from({ length: 12 }, (_, i) => `ou_latency_${i}`);

interface Step {
  label: string;
  /** A typed command, or a click on a button of the chat's last card. */
  run: (s: RunningSandbox, sender: string) => Promise<void>;
}

interface Sample {
  firstMs: number;
  finalMs: number;
  floor: Floor;
  finalTitle: string;
}

export async function benchCommandLatency(settings: Settings): Promise<Figures> {
  const figures = new Figures("12 first/final card");
  const { rounds, latencyMs } = settings.commandLatency;
  const samples = new Map<string, Sample[]>();
  const labels: string[] = [];
  for (let round = 0; round < rounds; round++) {
    const base = benchConfig({ domain: "http://127.0.0.1:1", appSecret: "unused", keys: freshKeys() });
    const sandbox = await startSandbox({ ...base, bot: { ...base.bot, admins: ADMINS } }, silentLogger(), { rateLimits: true, latencyMs });
    try {
      const steps = plan(sandbox.emulator);
      // The token and the bot's identity are fetched once at start: not any command's cost.
      await until(() => sandbox.emulator.calls().some((c) => c.endpoint === "bot_info" && c.status !== 0), GIVE_UP_MS);
      for (const [i, step] of steps.entries()) {
        const sample = await measure(sandbox, step, ADMINS[i]!, latencyMs);
        if (round === 0) labels.push(step.label);
        samples.set(step.label, [...(samples.get(step.label) ?? []), sample]);
      }
    } finally {
      await sandbox.close();
    }
  }
  for (const label of labels) {
    const all = samples.get(label)!;
    const first = percentile(all.map((s) => s.firstMs), 50);
    const final = percentile(all.map((s) => s.finalMs), 50);
    const floor = all[Math.floor(all.length / 2)]!.floor;
    const floorMs = percentile(all.map((s) => s.floor.ms), 50);
    const firstRatio = first / FIRST_CARD_GOAL_MS;
    figures.add({
      name: `${label}: first card`,
      value: first,
      unit: "ms",
      reference: { name: "goal", value: FIRST_CARD_GOAL_MS, unit: "ms" },
      ratio: firstRatio,
      target: "≤ 1.00×",
      met: firstRatio <= 1,
      detail: { samples: all.map((s) => s.firstMs) },
    });
    const why = `${floor.chain} × ${latencyMs} ms${floor.rateWaitMs > 0 ? ` + ${floor.rateWaitMs} ms ${floor.rateBudget}` : ""}`;
    figures.add({
      name: `${label}: final card`,
      value: final,
      unit: "ms",
      reference: { name: `floor: ${why}`, value: floorMs, unit: "ms" },
      ratio: final / floorMs,
      target: `≤ ${FLOOR_GOAL.toFixed(2)}×`,
      met: final / floorMs <= FLOOR_GOAL,
      detail: { samples: all.map((s) => s.finalMs), floors: all.map((s) => s.floor), finalCard: all.at(-1)!.finalTitle },
    });
  }
  return figures;
}

/** The commands of the issue, over what the seeded tenant holds; the clicks use the busy number's card. */
function plan(emulator: Emulator): Step[] {
  const { tenant } = emulator;
  const since = Date.now() / 1000 - 90 * DAY_S;
  const perNumber = new Map<string, number>();
  for (const m of tenant.meetings) if (m.startTime >= since) perNumber.set(m.meetingNo, (perNumber.get(m.meetingNo) ?? 0) + 1);
  const busy = tenant.notable.busyMeetingNo;
  const busyCount = perNumber.get(busy) ?? 0;
  if (busyCount <= 100) throw new Error(`the busy number ${busy} holds ${busyCount} meetings in 90 days, not more than 100`);
  const [small, smallCount] = [...perNumber].filter(([, n]) => n >= 5 && n <= 20).sort((a, b) => Math.abs(a[1] - 10) - Math.abs(b[1] - 10))[0] ?? [];
  if (!small) throw new Error("no meeting number with 5 to 20 meetings in the tenant");
  const day = tenant.notable.busiestReservationDay;
  const reservations = tenant.reservations.filter((r) => localDay(r.startTime, tenant.timezone) === day).length;
  const chatId = "oc_latency";
  const say = (text: string) => async (s: RunningSandbox, sender: string) => {
    await s.emulator.pushMessage({ text, chatType: "group", chatId, senderOpenId: sender });
  };
  const click = (which: "page" | "details") => async (s: RunningSandbox, sender: string) => {
    const cards = s.emulator.messages(chatId).filter((m) => m.sender.type === "app" && m.msgType === "interactive");
    const card = cards.reverse().find((m) => buttonValue(m.card, which) !== undefined);
    const value = card && buttonValue(card.card, which);
    if (!card || !value) throw new Error(`no ${which} button on the /meeting ${busy} card`);
    await s.emulator.pushCardAction({ value, openMessageId: card.messageId, operatorOpenId: sender });
  };
  return [
    { label: "/help", run: say("/help") },
    { label: `/meeting <busy number> (${busyCount} meetings in 90 days)`, run: say(`/meeting ${busy}`) },
    { label: "  … its Next page button", run: click("page") },
    { label: "  … a Details button on it", run: click("details") },
    { label: `/meeting <small number> (${smallCount} meetings)`, run: say(`/meeting ${small}`) },
    { label: "/meeting <id> (details, 230+ participants)", run: say(`/meeting ${tenant.notable.largeMeetingId}`) },
    { label: `/rooms <busiest day> (${reservations} reservations)`, run: say(`/rooms ${day}`) },
    { label: "/report 7d", run: say("/report 7d") },
    { label: "/pushstats week", run: say("/pushstats week") },
  ];
}

/** One step, timed from the moment the message or click leaves "Feishu" until the chat has its last card. */
async function measure(sandbox: RunningSandbox, step: Step, sender: string, latencyMs: number): Promise<Sample> {
  const { emulator } = sandbox;
  const callsBefore = emulator.calls().length;
  const sentBefore = emulator.sent().length;
  const t0 = Date.now();
  await step.run(sandbox, sender);
  let lastActivity = Date.now();
  let seen = -1;
  const deadline = t0 + GIVE_UP_MS;
  for (;;) {
    const sent = emulator.sent().slice(sentBefore);
    const calls = emulator.calls().slice(callsBefore);
    const activity = sent.length + calls.length + calls.filter((c) => c.status !== 0).length;
    if (activity !== seen || calls.some((c) => c.status === 0)) {
      seen = activity;
      lastActivity = Date.now();
    }
    if (sent.length > 0 && Date.now() - lastActivity >= QUIET_MS) break;
    if (Date.now() > deadline) throw new Error(`${step.label}: no answer within ${GIVE_UP_MS} ms`);
    await sleep(20);
  }
  const sent = emulator.sent().slice(sentBefore);
  const final = sent.at(-1)!;
  return {
    firstMs: sent[0]!.at - t0,
    finalMs: final.at - t0,
    floor: floorOf(emulator.calls().slice(callsBefore), latencyMs, final.kind !== "callback_card", emulator.tenant.roomLevels),
    finalTitle: titleOf(final),
  };
}

function titleOf(message: SentMessage): string {
  return `${message.kind}: ${cardToText(message.card).split("\n")[0] ?? ""}`;
}

/** The sealed value of the card's Next-page button, or of its first Details button. */
function buttonValue(card: unknown, which: "page" | "details"): Record<string, unknown> | undefined {
  for (const value of callbackValues(card)) {
    const plain = peekSealed(value);
    const args = plain?.args as { kind?: string } | undefined;
    if (which === "details" && args?.kind === "detail") return value as Record<string, unknown>;
    if (which === "page" && args?.kind === "number" && plain?.cursor !== undefined) {
      const page = (plain.cursor as { page?: number }).page;
      if (page === 2) return value as Record<string, unknown>;
    }
  }
  return undefined;
}

function callbackValues(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(callbackValues);
  if (typeof node !== "object" || node === null) return [];
  const here = node as Record<string, unknown>;
  const own = here.type === "callback" && "value" in here ? [here.value] : [];
  return [...own, ...Object.values(here).flatMap(callbackValues)];
}

async function until(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("the sandbox did not start");
    await sleep(20);
  }
}

function localDay(unixSeconds: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(unixSeconds * 1000);
}
