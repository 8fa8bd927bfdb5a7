/**
 * One digest run → its view: every section fetched at once, each on its own, so a section whose
 * data fails becomes a short line on the card and the others still post.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import { errorView } from "../errorView.js";
import { FeishuError } from "../../feishu/errors.js";
import type { Config, DigestConfig, DigestSectionConfig, Locale } from "../../config/types.js";
import { actionBase, type ActionValue } from "../paging.js";
import type { CommandContext, CommandDeps } from "../types.js";
import { UsageError } from "../usage.js";
import { planSection } from "./sections.js";
import type { DigestSection, DigestView, Outcome } from "./views.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export interface DigestBuildOptions {
  /** Gateway and config; `now` is replaced by `at`. */
  deps: CommandDeps;
  /** The instant the digest is about: the cron occurrence of a scheduled run, now for a preview. */
  at: number;
  /** The chat the card is for, named in its buttons. Scheduled digests say "group": no passwords. */
  chat: Pick<CommandContext, "chatType" | "chatId">;
  locale: Locale;
  late: boolean;
  preview: boolean;
  /** Told about each failing section (for the log); the card shows a short line instead. */
  onSectionError?: (kind: DigestSectionConfig["kind"], error: unknown) => void;
}

export async function buildDigestView(digest: DigestConfig, opts: DigestBuildOptions): Promise<DigestView> {
  const ctx: CommandContext = {
    chatId: opts.chat.chatId,
    chatType: opts.chat.chatType,
    senderOpenId: "",
    messageId: "",
    locale: opts.locale,
    // The commands read "today" in the bot's zone; a digest reads it in its own.
    deps: { ...opts.deps, config: inZone(opts.deps.config, digest.timezone), now: () => opts.at },
  };
  const sections = await Promise.all(digest.sections.map((section) => buildSection(section, ctx, opts)));
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

/** The same view for another chat: only the buttons' chat changes. */
export function digestForChat(view: DigestView, chatId: string): DigestView {
  return { ...view, sections: view.sections.map((section) => ({ ...section, open: { ...section.open, cid: chatId } })) };
}

async function buildSection(section: DigestSectionConfig, ctx: CommandContext, opts: DigestBuildOptions): Promise<DigestSection> {
  const plan = planSection(section, opts.at, ctx.deps.config.bot.timezone);
  const open: ActionValue = actionBase(ctx, plan.cmd, plan.args);
  let outcome: Outcome<unknown>;
  try {
    outcome = { ok: true, data: await plan.fetch(ctx) };
  } catch (error) {
    opts.onSectionError?.(section.kind, error);
    outcome = { ok: false, error: failureLine(error, opts.locale) };
  }
  const span = plan.span;
  if (section.kind === "meeting") return { kind: "meeting", span, meetingNo: section.meetingNo, open, outcome } as DigestSection;
  return { kind: section.kind, span, open, outcome } as DigestSection;
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
