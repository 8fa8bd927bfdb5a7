/**
 * One digest run → its view: every section fetched at once, each on its own, so a section whose
 * data fails becomes a short line on the card and the others still post. The view is the same for
 * every chat it goes to: the chat is named in the buttons' seal when the card is rendered for it.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { errorView } from "../errorView.js";
import { FeishuError } from "../../feishu/errors.js";
import type { Config, DigestConfig, DigestSectionConfig, Locale } from "../../config/types.js";
import { digestAction } from "../actions.js";
import type { CommandContext, CommandDeps } from "../types.js";
import { UsageError } from "../usage.js";
import { meetingDigest, planSection, pushDigest, reportDigest, roomsDigest } from "./sections.js";
import type { DigestSection, DigestView, Outcome } from "./views.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export interface DigestBuildOptions {
  /** Gateway and config; `now` is replaced by `at`. */
  deps: CommandDeps;
  /** The instant the digest is about: the cron occurrence of a scheduled run, now for a preview. */
  at: number;
  locale: Locale;
  late: boolean;
  preview: boolean;
  /** Told about each failing section (for the log); the card shows a short line instead. */
  onSectionError?: (kind: DigestSectionConfig["kind"], error: unknown) => void;
}

export async function buildDigestView(digest: DigestConfig, opts: DigestBuildOptions): Promise<DigestView> {
  const ctx: CommandContext = {
    chatId: "",
    // Digests go to chats by id and are read as group chats: no card of theirs shows a password.
    chatType: "group",
    senderOpenId: "",
    messageId: "",
    locale: opts.locale,
    // The commands read "today" in the bot's zone; a digest reads it in its own.
    deps: { ...opts.deps, config: inZone(opts.deps.config, digest.timezone), now: () => opts.at },
  };
  const sections = await Promise.all(digest.sections.map((section) => buildSection(digest.name, section, ctx, opts)));
  return {
    kind: "digest",
    name: digest.name,
    period: dayjs(opts.at).tz(digest.timezone).format("YYYY-MM-DD HH:mm"),
    timeZone: digest.timezone,
    late: opts.late,
    preview: opts.preview,
    sections,
  };
}

/** Each section's button is the digest's own (actions.ts digestAction): it opens in the digest's thread, for the digest's chats. */
async function buildSection(name: string, section: DigestSectionConfig, ctx: CommandContext, opts: DigestBuildOptions): Promise<DigestSection> {
  const plan = planSection(section, opts.at, ctx.deps.config.bot.timezone);
  const settle = <T>(fetch: () => Promise<T>) => outcomeOf(fetch, section, opts);
  switch (plan.kind) {
    case "report":
      return { kind: "report", span: plan.span, open: digestAction(name, "report", plan.args), outcome: await settle(() => reportDigest(plan.args, ctx)) };
    case "rooms":
      return { kind: "rooms", span: plan.span, open: digestAction(name, "rooms", plan.args), outcome: await settle(() => roomsDigest(plan.args, ctx)) };
    case "pushstats":
      return { kind: "pushstats", span: plan.span, open: digestAction(name, "pushstats", plan.args), outcome: await settle(() => pushDigest(plan.args, ctx)) };
    case "meeting":
      return {
        kind: "meeting",
        span: plan.span,
        meetingNo: plan.meetingNo,
        open: digestAction(name, "meeting", plan.args),
        outcome: await settle(() => meetingDigest(plan.args, ctx)),
      };
  }
}

async function outcomeOf<T>(fetch: () => Promise<T>, section: DigestSectionConfig, opts: DigestBuildOptions): Promise<Outcome<T>> {
  try {
    return { ok: true, data: await fetch() };
  } catch (error) {
    opts.onSectionError?.(section.kind, error);
    return { ok: false, error: failureLine(error, opts.locale) };
  }
}

/**
 * A failure in a few words, in the digest's language: the error card's title (the same texts), and
 * Feishu's code for whoever looks it up. The full card's button shows the whole story.
 */
export function failureLine(error: unknown, locale: Locale): string {
  if (error instanceof UsageError) return error.problem[locale];
  const { title } = errorView(error, locale);
  return error instanceof FeishuError && error.code > 0 ? `${title} (${error.code})` : title;
}

function inZone(config: Config, timeZone: string): Config {
  return config.bot.timezone === timeZone ? config : { ...config, bot: { ...config.bot, timezone: timeZone } };
}
