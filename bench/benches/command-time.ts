/**
 * 2. The bot's own time per command, from the event's arrival to the reply call's return, with
 * the emulator answering at once and time spent waiting on the API taken out: `/help`, and
 * `/rooms` for the day with the most reservations (100+). Commands go one at a time, /help and
 * /rooms alternating, so both see the same machine load. The gateway's cache is off (every
 * /rooms fetches and normalises every page) and so are its rate limits (nothing waits for a slot).
 */
import { cardToText } from "../../src/cards/index.js";
import { startEmulator } from "../../src/sandbox/emulator/index.js";
import type { ReplyTiming } from "../hosts/bot.js";
import { startBotHost, wireWebhook, type BotHost } from "../lib/bot-host.js";
import { Figures } from "../lib/figures.js";
import { summariseProfiles } from "../lib/profile.js";
import { PROFILE_DIR } from "../lib/self-profile.js";
import type { Settings } from "../lib/settings.js";
import { percentile } from "../lib/stats.js";

const REPLY_TIMEOUT_MS = 15_000;

export async function benchCommandTime(settings: Settings): Promise<Figures> {
  const figures = new Figures("2 own time");
  const emulator = await startEmulator({ rateLimits: false });
  let bot: BotHost | undefined;
  try {
    bot = await startBotHost(emulator, { instrument: true, cache: false, limits: false });
    wireWebhook(emulator, bot);
    const day = emulator.tenant.notable.busiestReservationDay;
    const reservations = emulator.tenant.reservations.filter((r) => localDay(r.startTime, emulator.tenant.timezone) === day).length;
    const commands = [
      { label: "/help", text: "/help", samples: [] as ReplyTiming[] },
      { label: `/rooms ${day} (${reservations} reservations)`, text: `/rooms ${day}`, samples: [] as ReplyTiming[] },
    ];
    const replies: Array<(timing: ReplyTiming) => void> = [];
    bot.onEvent((event) => {
      if (event.kind === "replied") replies.shift()?.(event.timing as ReplyTiming);
    });
    const { warmup, commands: count } = settings.commandTime;
    let lastRoomsChat = "";
    for (let i = 0; i < warmup + count; i++) {
      if (i === warmup && settings.profile) await bot.request("startProfile");
      const command = commands[i % commands.length]!;
      const replied = new Promise<ReplyTiming>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply to ${command.text} within ${REPLY_TIMEOUT_MS} ms`)), REPLY_TIMEOUT_MS);
        replies.push((timing) => {
          clearTimeout(timer);
          resolve(timing);
        });
      });
      // A new person in a new direct chat each time: no per-person rate or per-chat order applies.
      const chatId = `oc_own_${i}`;
      if (command.text.startsWith("/rooms")) lastRoomsChat = chatId;
      await emulator.pushMessage({ text: command.text, chatType: "p2p", chatId, senderOpenId: `ou_own_${i}` });
      const timing = await replied;
      if (i >= warmup) command.samples.push(timing);
    }
    if (settings.profile) await bot.request("stopProfile", { name: "own-time-bot" });
    checkRoomsReply(emulator.sent().find((m) => m.chatId === lastRoomsChat)?.card, day);

    for (const command of commands) {
      const own = command.samples.map((s) => s.ownExHttp);
      const total = command.samples.map((s) => s.total);
      const outsideGateway = command.samples.map((s) => s.ownExGateway);
      for (const [p, limit] of [
        [50, 5],
        [99, 20],
      ] as const) {
        const value = percentile(own, p);
        figures.add({
          name: `${command.label}: own time p${p}`,
          value,
          unit: "ms",
          reference: { name: `end to end p${p}, API included`, value: percentile(total, p), unit: "ms" },
          target: `≤ ${limit} ms`,
          met: value <= limit,
        });
      }
      figures.add({
        name: `${command.label}: outside the gateway p50 / p99`,
        value: percentile(outsideGateway, 50),
        unit: "ms",
        reference: { name: "p99", value: percentile(outsideGateway, 99), unit: "ms" },
      });
    }
  } finally {
    await bot?.stop();
    await emulator.close();
  }
  if (settings.profile) console.log(`\n${summariseProfiles(PROFILE_DIR, ["own-time-bot"])}`);
  return figures;
}

function localDay(unixSeconds: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(unixSeconds * 1000);
}

/** The figures are only worth anything if /rooms answered with the day's reservations, not an error. */
function checkRoomsReply(card: unknown, day: string): void {
  const text = cardToText(card);
  if (!text.includes(day)) throw new Error(`the /rooms reply does not look like the day's reservations:\n${text.slice(0, 400)}`);
}
