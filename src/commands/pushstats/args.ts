/**
 * `/pushstats [day|week|month] [YYYY-MM-DD] [department id]`, in any order: each argument is told
 * apart by its form. A department id starting `od-` is an open_department_id, anything else the
 * tenant's own department_id (seed 004's department_id_type).
 */
import type { PushCycle } from "../../feishu/types.js";
import { looksLikeDay, looksLikeRange, parseDay } from "../args/dates.js";
import { UsageError } from "../usage.js";
import type { DepartmentIdType } from "./types.js";

export interface PushArgs {
  cycle: PushCycle;
  /** YYYY-MM-DD as given (today/yesterday resolved); undefined: the latest day with data. */
  date: string | undefined;
  department: { id: string; idType: DepartmentIdType } | undefined;
}

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

/** Department ids are letters, digits, `-` and `_` (open ids look like `od-` + 32 hex digits). */
const DEPARTMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function departmentIdType(id: string): DepartmentIdType {
  return id.startsWith("od-") ? "open_department_id" : "department_id";
}

export function parsePushArgs(args: readonly string[], opts: { now: number; timeZone: string }): PushArgs {
  let cycle: PushCycle | undefined;
  let date: string | undefined;
  let department: PushArgs["department"];
  for (const arg of args) {
    const word = arg.trim();
    const asCycle = CYCLE_WORDS[word.toLowerCase()];
    if (asCycle !== undefined) {
      if (cycle !== undefined) throw twice(word, { zh: "周期", en: "period" });
      cycle = asCycle;
    } else if (looksLikeDay(word)) {
      if (date !== undefined) throw twice(word, { zh: "日期", en: "date" });
      date = parseDay(word, { command: "pushstats", ...opts }).date;
    } else if (looksLikeRange(word)) {
      throw new UsageError("pushstats", {
        zh: `「${word}」是时间范围；推送统计按天、周或月查询，例如 /pushstats week 2024-06-03`,
        en: `"${word}" is a range; message reach is by day, week or month, e.g. /pushstats week 2024-06-03`,
      });
    } else if (DEPARTMENT_ID.test(word)) {
      if (department !== undefined) throw twice(word, { zh: "部门", en: "department" });
      department = { id: word, idType: departmentIdType(word) };
    } else {
      throw new UsageError("pushstats", {
        zh: `看不懂「${word}」：周期用 day、week 或 month，日期用 YYYY-MM-DD，部门用部门 ID`,
        en: `"${word}" is not understood: use day, week or month, a YYYY-MM-DD date, or a department id`,
      });
    }
  }
  return { cycle: cycle ?? "day", date, department };
}

function twice(word: string, what: { zh: string; en: string }): UsageError {
  return new UsageError("pushstats", {
    zh: `只能给一个${what.zh}，「${word}」是第二个`,
    en: `Give one ${what.en} only; "${word}" is a second one`,
  });
}
