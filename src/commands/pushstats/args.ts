/**
 * `/pushstats [day|week|month] [YYYY-MM-DD] [department id | department name]`, in any order: each
 * argument is told apart by its form. The department forms (seed 004's department_id_type; contact
 * "部门 ID 概述"):
 * - open_department_id: `od-` + 32 hex digits, as Feishu issues them;
 * - department_id: the tenant's own id (custom ids may not start with `od-`). Taken bare when it has
 *   a digit in it (generated ids, codes like `D0042`), so a misspelt period word (`wek`, `monthy`)
 *   is not; a custom id of letters only is written `dept:sales`.
 * Any other words are a department's name (several words: one name with spaces, "Global Sales"),
 * looked up in the directory when the command runs; only a near miss of a period word (`wek`,
 * `monthy`) is a usage mistake instead. The schema holds a department to the same forms, so a
 * button cannot ask Feishu for one either.
 */
import * as z from "zod";
import type { PushCycle } from "../../feishu/types.js";
import { looksLikeDay, looksLikeRange, parseDay, readIsoDay } from "../args/dates.js";
import { isoDate } from "../args/range.js";
import type { TextClock } from "../define.js";
import { editDistance } from "../suggest.js";
import { UsageError } from "../usage.js";
import type { DepartmentIdType } from "./types.js";

const OPEN_DEPARTMENT_ID = /^od-[0-9a-f]{32}$/i;
/** A department_id typed bare: letters, digits, `-` and `_`, with at least one digit. */
const BARE_DEPARTMENT_ID = /^(?=[^\d]*\d)[A-Za-z0-9_-]{1,64}$/;
/** A department_id of any shape, after `dept:`; never `od-…`, which is how open ids begin. */
const DEPARTMENT_ID = /^(?!od-)[A-Za-z0-9_-]{1,64}$/i;
const EXPLICIT_PREFIX = /^dept:/i;
/** Department names are at most 100 characters; `<` and `>` are markup (a mention), never a name. */
const NAME_MAX = 100;
const NAME_FORBIDDEN = /[<>]/;

export interface Department {
  id: string;
  idType: DepartmentIdType;
}

/** True when `id` has the form its type requires. */
function departmentFits(department: Department): boolean {
  return department.idType === "open_department_id" ? OPEN_DEPARTMENT_ID.test(department.id) : DEPARTMENT_ID.test(department.id);
}

export const pushStatsArgs = z
  .object({
    /** Absent: a day. */
    cycle: z.enum(["day", "week", "month"]).optional(),
    /** A calendar day, YYYY-MM-DD (today/yesterday resolved); absent: the latest day with data. */
    date: isoDate.refine((date) => readIsoDay(date, "UTC") !== undefined).optional(),
    /** Absent: the whole organisation. */
    department: z
      .object({ id: z.string(), idType: z.enum(["open_department_id", "department_id"]) })
      .strict()
      .refine(departmentFits)
      .optional(),
    /** A department by its name, typed: resolved to an id when the command runs. Never with `department`. */
    departmentName: z
      .string()
      .trim()
      .min(1)
      .max(NAME_MAX)
      .refine((name) => !NAME_FORBIDDEN.test(name))
      .optional(),
  })
  .strict()
  .refine((args) => args.department === undefined || args.departmentName === undefined);
export type PushStatsArgs = z.infer<typeof pushStatsArgs>;

const CYCLE_WORDS: Readonly<Record<string, PushCycle>> = {
  day: "day",
  daily: "day",
  日: "day",
  天: "day",
  week: "week",
  weekly: "week",
  周: "week",
  month: "month",
  monthly: "month",
  月: "month",
};

/** The department a word names, or undefined when it has none of the id forms. */
export function readDepartment(word: string): Department | undefined {
  if (OPEN_DEPARTMENT_ID.test(word)) return { id: word, idType: "open_department_id" };
  if (/^od-/i.test(word)) return undefined;
  if (EXPLICIT_PREFIX.test(word)) {
    const id = word.replace(EXPLICIT_PREFIX, "");
    return DEPARTMENT_ID.test(id) ? { id, idType: "department_id" } : undefined;
  }
  return BARE_DEPARTMENT_ID.test(word) ? { id: word, idType: "department_id" } : undefined;
}

const PERIOD_TYPO = 1;
/** The English period words a typo is measured against. */
const PERIOD_WORDS = Object.keys(CYCLE_WORDS).filter((word) => /^[a-z]+$/.test(word));

/**
 * A Latin word one edit from a period word (`wek`, `monthy`, `dialy`): a mistake, not a department's
 * name. One edit, not the command words' two, so that a name like "North" stays a name.
 */
function periodTypo(word: string): string | undefined {
  if (!/^[a-z]+$/i.test(word)) return undefined;
  const lower = word.toLowerCase();
  return PERIOD_WORDS.find((period) => editDistance(lower, period) <= PERIOD_TYPO);
}

export function pushStatsFromText(words: readonly string[], clock: TextClock): PushStatsArgs {
  let cycle: PushCycle | undefined;
  let date: string | undefined;
  let department: Department | undefined;
  const nameWords: string[] = [];
  for (const arg of words) {
    const word = arg.trim();
    const asCycle = CYCLE_WORDS[word.toLowerCase()];
    if (asCycle !== undefined) {
      if (cycle !== undefined) throw twice(word, { zh: "周期", en: "period" });
      cycle = asCycle;
    } else if (looksLikeDay(word)) {
      if (date !== undefined) throw twice(word, { zh: "日期", en: "date" });
      date = parseDay(word, { command: "pushstats", ...clock }).date;
    } else if (looksLikeRange(word)) {
      throw new UsageError("pushstats", {
        zh: `「${word}」是时间范围；推送统计按天、周或月查询，例如 /pushstats week 2024-06-03`,
        en: `"${word}" is a range; message reach is by day, week or month, e.g. /pushstats week 2024-06-03`,
      });
    } else if (readDepartment(word) !== undefined) {
      if (department !== undefined) throw twice(word, { zh: "部门", en: "department" });
      department = readDepartment(word);
    } else if (/^(od-|dept:)/i.test(word) || NAME_FORBIDDEN.test(word) || periodTypo(word) !== undefined) {
      throw notUnderstood(word, periodTypo(word));
    } else if (word !== "") {
      nameWords.push(word);
    }
  }
  const departmentName = nameWords.join(" ");
  if (department !== undefined && departmentName !== "") {
    throw new UsageError("pushstats", {
      zh: `只能给一个部门：「${department.id}」是部门 ID，「${departmentName}」像部门名称，二选一`,
      en: `Give one department only: "${department.id}" is a department id and "${departmentName}" looks like a department's name; use one of them`,
    });
  }
  if (departmentName.length > NAME_MAX) {
    throw new UsageError("pushstats", {
      zh: `部门名称最长 ${NAME_MAX} 个字符`,
      en: `A department's name has at most ${NAME_MAX} characters`,
    });
  }
  return {
    ...(cycle ? { cycle } : {}),
    ...(date ? { date } : {}),
    ...(department ? { department } : {}),
    ...(departmentName ? { departmentName } : {}),
  };
}

function notUnderstood(word: string, period: string | undefined): UsageError {
  const guess = period ? { zh: `（是不是 ${period}？）`, en: ` (did you mean ${period}?)` } : { zh: "", en: "" };
  return new UsageError("pushstats", {
    zh: `看不懂「${word}」${guess.zh}：周期用 day、week 或 month，日期用 YYYY-MM-DD，部门用名称、od- 开头的 open_department_id 或含数字的 department_id（纯字母的写成 dept:ID）`,
    en: `"${word}" is not understood${guess.en}: use day, week or month, a YYYY-MM-DD date, or a department: its name, an od-… open_department_id, or a department_id with a digit in it (dept:ID for one of letters only)`,
  });
}

function twice(word: string, what: { zh: string; en: string }): UsageError {
  return new UsageError("pushstats", {
    zh: `只能给一个${what.zh}，「${word}」是第二个`,
    en: `Give one ${what.en} only; "${word}" is a second one`,
  });
}
