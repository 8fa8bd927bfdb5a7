/** Words on the pagers' jump buttons, shared by every paged card: to either end of a list. */
import { translator } from "../i18n.js";

const zh = {
  first: "« 首页",
  last: "末页 »",
  newest: "« 最新",
  oldest: "最早 »",
} as const;

export type PagerKey = keyof typeof zh;

const en: Record<PagerKey, string> = {
  first: "« First",
  last: "Last »",
  newest: "« Newest",
  oldest: "Oldest »",
};

export const pt = translator<PagerKey>({ zh, en });
