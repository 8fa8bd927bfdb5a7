import { Cron } from "croner";
import * as z from "zod";
import type { DigestConfig, Locale } from "./types.js";

/**
 * The `digests:` list of app.yaml. Kept apart from schema.ts, which imports
 * this file; the time-zone rule is passed in so that the two files do not import each other.
 * Messages complete "<key> …", as in schema.ts.
 */

export const DIGEST_DEFAULTS = {
  catchUpMinutes: 360,
} as const;

/** A digest's sections, shown in this order on its card. */
export const SECTION_KINDS = ["report", "rooms", "pushstats", "meeting"] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Enough for a morning card; more would crowd it (and every section costs API calls). */
export const MAX_SECTIONS = 8;
const MAX_CHATS = 50;
/** Past a day a catch-up would post yesterday's digest today, next to today's. */
const MAX_CATCH_UP_MINUTES = 1440;

/** Names appear in store keys and in `/digest run <name>`: short, no spaces. Digests added from chat follow the same rule. */
export const DIGEST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
const NAME = DIGEST_NAME;
const NAME_RULE = "a name of 1–40 letters, digits, - and _ (starting with a letter or digit)";
/** The longest day count a report or rooms section of a digest added from chat may cover. */
export const MAX_SECTION_DAYS = 31;
/** A group chat id, as app.yaml and the digests added from chat store it. */
export const CHAT_ID = /^oc_[A-Za-z0-9_-]+$/;
const CHATS_RULE = `a non-empty list of up to ${MAX_CHATS} chat ids shaped oc_…`;
const CRON_RULE = 'a 5-field cron expression "minute hour day month weekday" such as "0 9 * * 1-5"';
const SECTION_RULE = 'one of report, rooms, pushstats, or "meeting: <9-digit meeting number>"';

/** Why `pattern` is not a usable 5-field cron expression, or undefined when it is. */
export function cronProblem(pattern: string): string | undefined {
  const text = pattern.trim();
  const fields = text === "" ? 0 : text.split(/\s+/).length;
  // Nicknames (@daily, @hourly …) are one word and croner knows them.
  if (!text.startsWith("@") && fields !== 5) return `it has ${fields} field${fields === 1 ? "" : "s"}`;
  let cron: Cron;
  try {
    cron = new Cron(text, { mode: "5-part", paused: true });
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, "");
  }
  if (cron.nextRun() === null) return "it never fires";
  return undefined;
}

const cronSchema = z.string({ error: `must be ${CRON_RULE}` }).transform((text, ctx) => {
  const problem = cronProblem(text);
  if (problem === undefined) return text.trim().replace(/\s+/g, " ");
  ctx.addIssue({ code: "custom", message: `must be ${CRON_RULE} (${problem})` });
  return z.NEVER;
});

/**
 * `days`: how many days ending yesterday a report (its trend) or rooms section covers; only digests
 * added from chat set it (`/digest add … rooms 7d`), app.yaml's use the defaults.
 */
export type DigestSectionInput =
  | { kind: "report" | "rooms"; days?: number }
  | { kind: "pushstats" }
  | { kind: "meeting"; meetingNo: string };

/** `report`, `rooms`, `pushstats`, or a one-key mapping `meeting: "123456789"` (spaces and dashes allowed). */
const sectionSchema = z.unknown().transform((value, ctx): DigestSectionInput => {
  if (value === "report" || value === "rooms" || value === "pushstats") return { kind: value };
  if (value === "meeting") {
    ctx.addIssue({ code: "custom", message: 'needs its meeting number: write "meeting: 123456789"' });
    return z.NEVER;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === "meeting") {
      const raw = entries[0]![1];
      const digits = typeof raw === "string" || typeof raw === "number" ? String(raw).replace(/[\s-]/g, "") : "";
      if (/^\d{9}$/.test(digits)) return { kind: "meeting", meetingNo: digits };
      ctx.addIssue({
        code: "custom",
        message: 'must give a 9-digit meeting number, quoted so a leading 0 is kept: meeting: "012345678"',
      });
      return z.NEVER;
    }
  }
  ctx.addIssue({ code: "custom", message: `must be ${SECTION_RULE}` });
  return z.NEVER;
});

const chatsSchema = z
  .array(z.string({ error: "must be a chat id shaped oc_…" }).regex(CHAT_ID, { error: "must be a chat id shaped oc_…" }), {
    error: `must be ${CHATS_RULE}`,
  })
  .min(1, { error: `must be ${CHATS_RULE}` })
  .max(MAX_CHATS, { error: `must be ${CHATS_RULE}` })
  .transform((chats) => [...new Set(chats)]);

function digestShape(timezone: z.ZodType<string, string>) {
  return {
    name: z.string({ error: `must be ${NAME_RULE}` }).regex(NAME, { error: `must be ${NAME_RULE}` }),
    chats: chatsSchema,
    cron: cronSchema,
    /** Absent: the bot's time zone (bot.timezone or BOT_TIMEZONE), filled in by the loader. */
    timezone: timezone.optional(),
    locale: z.enum(["zh", "en"], { error: 'must be "zh" or "en"' }).optional(),
    sections: z
      .array(sectionSchema, { error: `must be a list of sections, each ${SECTION_RULE}` })
      .min(1, { error: `must list at least one section: ${SECTION_RULE}` })
      .max(MAX_SECTIONS, { error: `must list at most ${MAX_SECTIONS} sections` }),
    catch_up_minutes: z
      .number({ error: `must be an integer from 0 to ${MAX_CATCH_UP_MINUTES}` })
      .int({ error: `must be an integer from 0 to ${MAX_CATCH_UP_MINUTES}` })
      .min(0, { error: `must be an integer from 0 to ${MAX_CATCH_UP_MINUTES}` })
      .max(MAX_CATCH_UP_MINUTES, { error: `must be an integer from 0 to ${MAX_CATCH_UP_MINUTES}` })
      .default(DIGEST_DEFAULTS.catchUpMinutes),
  };
}

/** Keys a digest entry may hold, for the unknown-key hint. */
export const DIGEST_KEYS: readonly string[] = Object.keys(digestShape(z.string()));

/** The `digests:` list; names must be unique (they key the sent-period records). */
export function digestsSchema(timezone: z.ZodType<string, string>) {
  return z
    .array(z.strictObject(digestShape(timezone), { error: "must be a mapping with name, chats, cron and sections" }), {
      error: "must be a list of digests, each with name, chats, cron and sections",
    })
    .superRefine((digests, ctx) => {
      const first = new Map<string, number>();
      digests.forEach((digest, i) => {
        const seen = first.get(digest.name);
        if (seen === undefined) first.set(digest.name, i);
        else ctx.addIssue({ code: "custom", path: [i, "name"], message: `must be unique: digests[${seen}] has the same name` });
      });
    })
    .default([]);
}

type DigestEntry = z.output<ReturnType<typeof digestsSchema>>[number];

/** The validated entries with the bot-wide defaults filled in (after BOT_TIMEZONE is applied). */
export function digestConfigs(entries: readonly DigestEntry[], defaults: { timezone: string; locale: Locale }): DigestConfig[] {
  return entries.map((entry) => ({
    name: entry.name,
    chats: entry.chats,
    cron: entry.cron,
    timezone: entry.timezone ?? defaults.timezone,
    locale: entry.locale ?? defaults.locale,
    sections: entry.sections,
    catchUpMinutes: entry.catch_up_minutes,
  }));
}
