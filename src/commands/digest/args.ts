/**
 * `/digest [list]` → the list of digests; `/digest run <name>` → a preview of one;
 * `/digest add <name> "<schedule>" <sections>` adds one posting into this chat;
 * `/digest pause|resume|remove <name>` act on one added in this chat. Whether the name exists (and
 * where) is checked in the query, which clicks reach too: a button made before the config or the
 * store changed may name a digest that is gone.
 */
import { Cron } from "croner";
import * as z from "zod";
import { cronProblem, DIGEST_NAME, MAX_SECTION_DAYS, MAX_SECTIONS } from "../../config/digest-schema.js";
import { readSchedulePhrase, SCHEDULE_EXAMPLES } from "../../time/schedule-phrase.js";
import type { TextClock } from "../define.js";
import { UsageError } from "../usage.js";

/** Longer than any name app.yaml accepts (40), so the schema refuses only what no digest could be called. */
export const MAX_DIGEST_NAME = 64;
/** What the admin typed as the schedule, kept to show beside the cron. */
const MAX_SCHEDULE_TEXT = 100;

/**
 * The shortest time between two runs of a digest added from chat: each run queries Feishu for every
 * section and posts a card, so an every-minute schedule would be a feed flooding the chat and the
 * API limits, not a digest. app.yaml's digests are the operator's and not held to it.
 */
export const MIN_DIGEST_INTERVAL_MINUTES = 60;
/**
 * Runs looked at: a cron's minutes × hours repeat on every day it fires, so more than 24 runs a day
 * already means two in one hour, and two closer than the minimum show among a day's first runs.
 */
const RUNS_CHECKED = 26;

/** True when two runs of `cron` (a valid 5-field expression) can come closer than the minimum interval. */
export function firesTooOften(cron: string): boolean {
  const runs = new Cron(cron, { mode: "5-part", paused: true, timezone: "UTC" }).nextRuns(RUNS_CHECKED, new Date(0));
  return runs.some((run, i) => i > 0 && run.getTime() - runs[i - 1]!.getTime() < MIN_DIGEST_INTERVAL_MINUTES * 60_000);
}

const name = z.string().min(1).max(MAX_DIGEST_NAME);
const days = z.number().int().min(1).max(MAX_SECTION_DAYS).optional();

export const digestSectionArgs = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("report"), days }).strict(),
  z.object({ kind: z.literal("rooms"), days }).strict(),
  z.object({ kind: z.literal("pushstats") }).strict(),
  z.object({ kind: z.literal("meeting"), meetingNo: z.string().regex(/^\d{9}$/) }).strict(),
]);
export type DigestSectionArgs = z.infer<typeof digestSectionArgs>;

export const digestArgs = z.discriminatedUnion("action", [
  z.object({ action: z.literal("list") }).strict(),
  z.object({ action: z.literal("run"), name }).strict(),
  z
    .object({
      action: z.literal("add"),
      name: z.string().regex(DIGEST_NAME),
      cron: z.string().refine((cron) => cronProblem(cron) === undefined && !firesTooOften(cron)),
      schedule: z.string().min(1).max(MAX_SCHEDULE_TEXT),
      sections: z.array(digestSectionArgs).min(1).max(MAX_SECTIONS),
    })
    .strict(),
  z.object({ action: z.literal("pause"), name }).strict(),
  z.object({ action: z.literal("resume"), name }).strict(),
  z.object({ action: z.literal("remove"), name }).strict(),
]);
export type DigestArgs = z.infer<typeof digestArgs>;
export type DigestAction = DigestArgs["action"];

/** Each sub-command's words, English then Chinese. */
const ACTION_WORDS: Record<DigestAction, readonly string[]> = {
  list: ["list", "ls", "列表", "列出"],
  run: ["run", "preview", "预览", "运行"],
  add: ["add", "添加", "新增", "新建"],
  pause: ["pause", "暂停"],
  resume: ["resume", "恢复", "继续"],
  remove: ["remove", "delete", "rm", "删除", "移除"],
};

const SECTION_WORDS: Record<DigestSectionArgs["kind"], readonly string[]> = {
  report: ["report", "报告", "报表"],
  rooms: ["rooms", "会议室"],
  pushstats: ["pushstats", "推送", "消息触达"],
  meeting: ["meeting", "会议"],
};

const QUOTED = /^["“”'‘’「『](.+?)["“”'‘’」』](.*)$/s;

function actionOf(word: string): DigestAction | undefined {
  const lower = word.toLowerCase();
  return (Object.keys(ACTION_WORDS) as DigestAction[]).find((action) => ACTION_WORDS[action].includes(lower));
}

/** The clock is not needed: nothing in these words is relative to today. */
export function digestFromText(args: readonly string[], _clock: TextClock): DigestArgs {
  const words = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
  if (words.length === 0) return { action: "list" };
  const action = actionOf(words[0]!);
  if (action === undefined) {
    throw new UsageError("digest", {
      zh: `看不懂「${words.join(" ")}」：用 /digest 列出摘要，/digest add 添加，/digest pause|resume|remove <名称> 管理`,
      en: `"${words.join(" ")}" is not understood: /digest lists the digests, /digest add adds one, /digest pause|resume|remove <name> manage one`,
    });
  }
  if (action === "list" && words.length === 1) return { action: "list" };
  if (action === "list") {
    throw new UsageError("digest", {
      zh: `看不懂「${words.join(" ")}」：/digest list 后面不用再写什么`,
      en: `"${words.join(" ")}" is not understood: /digest list takes nothing more`,
    });
  }
  // Only the words and the clock reach this parser, not the config: /digest is where the names are.
  if (words.length < 2) {
    throw new UsageError("digest", { zh: "请给出一个摘要名称：/digest 列出全部摘要", en: "Name one digest: /digest lists them" });
  }
  const digestName = words[1]!;
  if (action === "add") return addFromText(digestName, words.slice(2).join(" "));
  if (words.length !== 2) {
    throw new UsageError("digest", { zh: "请给出一个摘要名称：/digest 列出全部摘要", en: "Name one digest: /digest lists them" });
  }
  return { action, name: digestName };
}

function addFromText(digestName: string, rest: string): DigestArgs {
  if (!DIGEST_NAME.test(digestName)) {
    throw new UsageError("digest", {
      zh: `摘要名称「${digestName}」不可用：1–40 个字母、数字、- 或 _，以字母或数字开头`,
      en: `"${digestName}" cannot name a digest: use 1–40 letters, digits, - and _, starting with a letter or digit`,
    });
  }
  const { schedule, cron, sectionsText } = scheduleAndSections(rest);
  const sections = sectionsFromText(sectionsText);
  return { action: "add", name: digestName, cron, schedule, sections };
}

/**
 * The schedule is the quoted part; unquoted, the longest run of words from the start that reads as
 * a schedule, the rest being the sections (`/digest add x weekdays 9:00 report`).
 */
function scheduleAndSections(rest: string): { schedule: string; cron: string; sectionsText: string } {
  const quoted = QUOTED.exec(rest);
  const candidates: Array<[string, string]> = [];
  if (quoted) candidates.push([quoted[1]!.trim(), quoted[2]!.trim()]);
  else {
    const words = rest.split(" ").filter((w) => w !== "");
    for (let end = Math.min(words.length, 6); end >= 1; end--) candidates.push([words.slice(0, end).join(" "), words.slice(end).join(" ")]);
  }
  for (const [schedule, sectionsText] of candidates) {
    const reading = readSchedulePhrase(schedule);
    if (!reading.ok) continue;
    const problem = cronProblem(reading.cron);
    if (problem !== undefined) {
      throw new UsageError("digest", {
        zh: `时间「${schedule}」不是可用的 cron 表达式（${problem}）`,
        en: `"${schedule}" is not a usable cron expression (${problem})`,
      });
    }
    if (firesTooOften(reading.cron)) {
      throw new UsageError("digest", {
        zh: `时间「${schedule}」太频繁：从聊天添加的摘要最多每小时发送一次`,
        en: `"${schedule}" runs too often: a digest added from chat posts at most once an hour`,
      });
    }
    if (schedule.length > MAX_SCHEDULE_TEXT) continue;
    return { schedule, cron: reading.cron.replace(/\s+/g, " "), sectionsText };
  }
  const shown = quoted ? quoted[1]!.trim() : rest;
  throw new UsageError("digest", {
    zh: `看不懂时间「${shown}」。可以写：${SCHEDULE_EXAMPLES.zh.map((e) => `“${e}”`).join("、")}；例如 /digest add weekly-rooms "每周一 9:00" rooms 7d, report 7d`,
    en: `The schedule "${shown}" is not understood. Try ${SCHEDULE_EXAMPLES.en.map((e) => `"${e}"`).join(", ")}; e.g. /digest add weekly-rooms "every monday 09:00" rooms 7d, report 7d`,
  });
}

/** `rooms 7d, report 7d, pushstats, meeting 123456789` (also separated by ， 、 ;). */
export function sectionsFromText(text: string): DigestSectionArgs[] {
  const parts = text
    .split(/[,，、;；]/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) {
    throw new UsageError("digest", {
      zh: "请列出摘要的内容，用逗号分隔：report [N天]、rooms [N天]、pushstats、meeting <9 位会议号>",
      en: "List what the digest holds, comma-separated: report [Nd], rooms [Nd], pushstats, meeting <9-digit number>",
    });
  }
  if (parts.length > MAX_SECTIONS) {
    throw new UsageError("digest", { zh: `一个摘要最多 ${MAX_SECTIONS} 项内容`, en: `A digest holds at most ${MAX_SECTIONS} sections` });
  }
  return parts.map(sectionFromText);
}

function sectionFromText(part: string): DigestSectionArgs {
  const [word = "", ...more] = part.split(/\s+/);
  const lower = word.toLowerCase();
  const kind = (Object.keys(SECTION_WORDS) as Array<DigestSectionArgs["kind"]>).find((k) => SECTION_WORDS[k].includes(lower));
  const rest = more.join(" ");
  const refuse = (): never => {
    throw new UsageError("digest", {
      zh: `看不懂内容「${part}」：可用 report [N天]、rooms [N天]、pushstats、meeting <9 位会议号>`,
      en: `"${part}" is not a section: use report [Nd], rooms [Nd], pushstats, meeting <9-digit number>`,
    });
  };
  switch (kind) {
    case "report":
    case "rooms": {
      if (rest === "") return { kind };
      const n = /^(\d{1,3})\s*(d|days?|天|日)$/i.exec(rest);
      if (!n) return refuse();
      const count = Number(n[1]);
      if (count < 1 || count > MAX_SECTION_DAYS) {
        throw new UsageError("digest", {
          zh: `「${part}」：天数须在 1 到 ${MAX_SECTION_DAYS} 之间`,
          en: `"${part}": the days must be 1 to ${MAX_SECTION_DAYS}`,
        });
      }
      return { kind, days: count };
    }
    case "pushstats":
      return rest === "" ? { kind } : refuse();
    case "meeting": {
      const digits = rest.replace(/[\s-]/g, "");
      return /^\d{9}$/.test(digits) ? { kind, meetingNo: digits } : refuse();
    }
    default:
      return refuse();
  }
}
