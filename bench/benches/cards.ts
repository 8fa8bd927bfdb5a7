/**
 * 6. Card rendering: time per card (renderView: template, escaping, size check) for the largest
 * view of each command, built by the commands themselves from the emulator's tenant, and the
 * card's size against Feishu's budget (30 KB, 200 elements).
 */
import type { Config } from "../../src/config/types.js";
import { checkCardBudget, MAX_CARD_BYTES, MAX_CARD_ELEMENTS, renderView } from "../../src/cards/index.js";
import { argsFromText, runQueryAndView, type AnyCommand } from "../../src/commands/define.js";
import { findCommand } from "../../src/commands/registry.js";
import type { CommandContext, CommandName, View } from "../../src/commands/types.js";
import { createFeishuGateway, createLarkClient } from "../../src/feishu/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { startEmulator } from "../../src/sandbox/emulator/index.js";
import { benchConfig } from "../lib/config.js";
import { freshKeys } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import { summariseProfiles } from "../lib/profile.js";
import { PROFILE_DIR, profiled } from "../lib/self-profile.js";
import type { Settings } from "../lib/settings.js";

const ASKER = "ou_bench_admin";

export interface BuiltView {
  label: string;
  view: View;
}

/** For each command, the candidates that could make its largest card; the largest is kept. */
function candidates(notable: { busyMeetingNo: string; largeMeetingId: string; busiestReservationDay: string }) {
  return [
    { label: "/help", command: "help", words: [[]] },
    { label: `/meeting ${notable.busyMeetingNo} (list)`, command: "meeting", words: [[notable.busyMeetingNo, "90d"], [notable.busyMeetingNo, "30d"]] },
    { label: `/meeting <id> (detail, 230+ people)`, command: "meeting", words: [[notable.largeMeetingId]] },
    { label: `/rooms ${notable.busiestReservationDay}`, command: "rooms", words: [[notable.busiestReservationDay]] },
    { label: "/report 90d", command: "report", words: [["90d"]] },
    { label: "/pushstats", command: "pushstats", words: [["day"], ["week"], ["month"]] },
  ] satisfies Array<{ label: string; command: CommandName; words: string[][] }>;
}

/** Runs the commands against a fresh emulator (rate limits off) and keeps each one's largest view. */
export async function largestViews(allCandidates = true): Promise<BuiltView[]> {
  const emulator = await startEmulator({ rateLimits: false });
  try {
    const base = benchConfig({ domain: emulator.url, appSecret: emulator.appSecret, keys: freshKeys(emulator.appId) });
    const config: Config = { ...base, bot: { ...base.bot, admins: [ASKER] } };
    const logger = silentLogger();
    const gateway = createFeishuGateway(createLarkClient(config.feishu, logger), {
      appId: config.feishu.appId,
      logger,
      timezone: config.bot.timezone,
      limits: false,
    });
    const ctx: CommandContext = {
      chatId: "oc_bench_cards",
      chatType: "group",
      senderOpenId: ASKER,
      messageId: "om_bench_cards",
      locale: config.bot.locale,
      deps: { gateway, config, now: Date.now },
    };
    const built: BuiltView[] = [];
    for (const candidate of candidates(emulator.tenant.notable)) {
      const command = findCommand(candidate.command);
      if (!command) throw new Error(`no command ${candidate.command}`);
      let largest: { view: View; bytes: number } | undefined;
      for (const words of allCandidates ? candidate.words : candidate.words.slice(0, 1)) {
        const view = await answer(command, words, ctx).catch((error: unknown) => {
          throw new Error(`${candidate.label} ${words.join(" ")} failed`, { cause: error });
        });
        const bytes = checkCardBudget(renderView(view, ctx.locale)).bytes;
        if (!largest || bytes > largest.bytes) largest = { view, bytes };
      }
      built.push({ label: candidate.label, view: largest!.view });
    }
    return built;
  } finally {
    await emulator.close();
  }
}

/** Typed words → the command's view, as the pipeline answers a message once it is parsed and allowed. */
async function answer(command: AnyCommand, words: readonly string[], ctx: CommandContext): Promise<View> {
  const args: unknown = argsFromText(command, words, { now: ctx.deps.now(), timeZone: ctx.deps.config.bot.timezone });
  return runQueryAndView(command, args, ctx);
}

export async function benchCards(settings: Settings): Promise<Figures> {
  const figures = new Figures("6 cards");
  const views = await largestViews(settings.cards.allCandidates);
  for (const { label, view } of views) {
    await profiled(`card-${view.kind}`, settings.profile, () => timeCard(figures, label, view, settings));
  }
  if (settings.profile) console.log(`\n${summariseProfiles(PROFILE_DIR, views.map((v) => `card-${v.view.kind}`))}`);
  return figures;
}

/** Renders the view for at least settings.cards.minMs (after a warm-up) and records time and size. */
function timeCard(figures: Figures, label: string, view: View, settings: Settings): void {
  for (let i = 0; i < 20; i++) renderView(view, "zh");
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < settings.cards.minMs || runs < 50) {
    renderView(view, "zh");
    runs += 1;
  }
  const microseconds = ((performance.now() - started) / runs) * 1000;
  const { bytes, elements } = checkCardBudget(renderView(view, "zh"));
  figures.add({
    name: `${label} (${view.kind})`,
    value: microseconds,
    unit: "µs/card",
    reference: { name: `${elements} elements; budget ${MAX_CARD_BYTES / 1024} KB, ${MAX_CARD_ELEMENTS}`, value: bytes, unit: "bytes" },
    detail: { bytes, elements, runs },
  });
}
