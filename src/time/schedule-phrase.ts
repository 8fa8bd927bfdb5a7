/**
 * A schedule as people say it, in Chinese or English ("每周一 9:00", "weekdays 08:30", "daily 6pm"),
 * or a 5-field cron expression → one 5-field cron pattern, read later in the bot's time zone
 * (time/cron.ts). A phrase is one time of day and one set of days; anything else is not read at
 * all (never guessed), so the caller can answer with examples. Whether a cron expression passed
 * through really fires is the caller's to check (config/digest-schema.ts cronProblem).
 */

export type ScheduleReading = { ok: true; cron: string; source: "phrase" | "cron" } | { ok: false };

/** The phrases `/digest add` shows when it cannot read one: a few of each kind, in each language. */
export const SCHEDULE_EXAMPLES = {
  zh: ["每天 18:00", "工作日 8:30", "每周一 9:00", "每周一、三 9:30", "每月1日 9:00", "0 9 * * 1-5"],
  en: ["every day 18:00", "weekdays 08:30", "every monday 09:00", "mon,wed 9am", "monthly 1st 9:00", "0 9 * * 1-5"],
} as const;

const NOT_READ: ScheduleReading = { ok: false };

/** Cron fields: digits, *, ranges, steps, lists, and the names croner knows (mon, jan …). */
const CRON_FIELD = /^[0-9a-z*?/,#-]+$/;

/**
 * One time of day. A bare number is no time (the "1" of 每月1日), so a match counts only with a
 * marker: minutes after a colon, 点, or am/pm.
 */
const TIME = /(上午|早上|中午|下午|晚上)?\s*(\d{1,2})(?:\s*:\s*(\d{2})|\s*点(?:\s*(半)|\s*(\d{1,2})\s*分?)?)?\s*(am|pm|a\.m\.|p\.m\.)?/g;

const ZH_DAYS: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const EN_DAYS: Array<[RegExp, number]> = [
  [/^sun(day)?s?$/, 0],
  [/^mon(day)?s?$/, 1],
  [/^tue(s|sday)?s?$/, 2],
  [/^wed(nesday)?s?$/, 3],
  [/^thu(r|rs|rsday)?s?$/, 4],
  [/^fri(day)?s?$/, 5],
  [/^sat(urday)?s?$/, 6],
];

export function readSchedulePhrase(text: string): ScheduleReading {
  // NFKC folds full-width digits and punctuation (９：００，) into their ASCII forms.
  const normal = text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  if (normal === "") return NOT_READ;
  const fields = normal.split(" ");
  if (fields.length === 5 && fields.every((field) => CRON_FIELD.test(field))) return { ok: true, cron: fields.join(" "), source: "cron" };

  const times = [...normal.matchAll(TIME)].filter((m) => m[3] !== undefined || m[0].includes("点") || m[6] !== undefined);
  if (times.length !== 1) return NOT_READ;
  const match = times[0]!;
  const time = timeOf(match);
  if (time === undefined) return NOT_READ;
  const rest = (normal.slice(0, match.index) + " " + normal.slice(match.index + match[0].length)).trim();
  const days = daysOf(rest);
  if (days === undefined) return NOT_READ;
  return { ok: true, cron: `${time.minute} ${time.hour} ${days.dom} * ${days.dow}`, source: "phrase" };
}

function timeOf(m: RegExpMatchArray): { hour: number; minute: number } | undefined {
  const [, period, h, colonMinutes, half, zhMinutes, ampm] = m;
  let hour = Number(h);
  const minute = half !== undefined ? 30 : Number(colonMinutes ?? zhMinutes ?? 0);
  if (minute > 59) return undefined;
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12 || period !== undefined) return undefined;
    hour = (hour % 12) + (ampm.startsWith("p") ? 12 : 0);
  } else if (period === "下午" || period === "晚上") {
    if (hour < 1 || hour > 12) return undefined;
    hour = hour === 12 ? 12 : hour + 12;
  } else if (period === "中午" && hour >= 1 && hour <= 2) {
    hour += 12;
  }
  return hour <= 23 ? { hour, minute } : undefined;
}

type Days = { dom: string; dow: string };
const EVERY_DAY: Days = { dom: "*", dow: "*" };
const WEEKDAYS: Days = { dom: "*", dow: "1-5" };
const WEEKENDS: Days = { dom: "*", dow: "0,6" };

function daysOf(rest: string): Days | undefined {
  return /[\u4e00-\u9fff]/.test(rest) ? zhDays(rest) : enDays(rest);
}

function zhDays(text: string): Days | undefined {
  const t = text.replace(/\s+/g, "").replace(/^在/, "");
  if (/^(每天|每日|天天)$/.test(t)) return EVERY_DAY;
  if (/^(每个?)?工作日$/.test(t) || /^每?(周|星期|礼拜)一(至|到|-|~)(周|星期|礼拜)?五$/.test(t)) return WEEKDAYS;
  if (/^(每个?)?(周末|双休日)$/.test(t)) return WEEKENDS;
  const month = /^每个?月(\d{1,2})(日|号)$/.exec(t);
  if (month) return dayOfMonth(Number(month[1]));
  const week = /^每?个?(周|星期|礼拜)(.+)$/.exec(t);
  if (!week) return undefined;
  // 周一、三、五 / 周一三五 / 周一和周三: the week word may repeat before each day.
  const list = week[2]!.replace(/(周|星期|礼拜)/g, "").replace(/[、,和及与]/g, "");
  if (list === "" || ![...list].every((ch) => ch in ZH_DAYS)) return undefined;
  return weekList([...list].map((ch) => ZH_DAYS[ch]!));
}

function enDays(text: string): Days | undefined {
  const t = text
    .replace(/[,/&]/g, " , ")
    .split(" ")
    .filter((w) => w !== "" && !["every", "each", "at", "on", "the", "of", "in"].includes(w))
    .join(" ");
  if (/^(day|days|daily|everyday)$/.test(t)) return EVERY_DAY;
  if (/^(weekday|weekdays|workday|workdays|mon-fri|monday-friday)$/.test(t)) return WEEKDAYS;
  if (/^(weekend|weekends)$/.test(t)) return WEEKENDS;
  const month = /^(?:month|monthly) (\d{1,2})(?:st|nd|rd|th)?$/.exec(t) ?? /^(\d{1,2})(?:st|nd|rd|th)? month$/.exec(t);
  if (month) return dayOfMonth(Number(month[1]));
  const words = t.split(" ").filter((w) => w !== "," && w !== "and");
  if (words.length === 0) return undefined;
  const days: number[] = [];
  for (const word of words) {
    const range = /^([a-z]+)-([a-z]+)$/.exec(word);
    if (range) {
      const [from, to] = [enDay(range[1]!), enDay(range[2]!)];
      if (from === undefined || to === undefined || to < from) return undefined;
      for (let d = from; d <= to; d++) days.push(d);
      continue;
    }
    const day = enDay(word);
    if (day === undefined) return undefined;
    days.push(day);
  }
  return weekList(days);
}

function enDay(word: string): number | undefined {
  return EN_DAYS.find(([pattern]) => pattern.test(word))?.[1];
}

function weekList(days: number[]): Days {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const weekdays = sorted.length === 5 && sorted.every((d, i) => d === i + 1);
  return { dom: "*", dow: weekdays ? "1-5" : sorted.length === 7 ? "*" : sorted.join(",") };
}

function dayOfMonth(day: number): Days | undefined {
  return day >= 1 && day <= 31 ? { dom: String(day), dow: "*" } : undefined;
}
