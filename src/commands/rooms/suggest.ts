/** The tenant's room names closest to a filter that matched none, for the card that says so. */
import { closest, editDistance } from "../suggest.js";

/** Names suggested at most. */
export const SUGGESTED_ROOMS = 3;

const NAME_ORDER = new Intl.Collator("zh-CN", { numeric: true });

/**
 * The names nearest to `filter`, nearest first: a name is as near as its nearest word ("20F-03
 * Pearl" is one edit from "perl"), or the whole name, ignoring case. Ties go in the card's room order.
 */
export function closestRoomNames(filter: string, names: readonly string[], limit = SUGGESTED_ROOMS): string[] {
  const distinct = [...new Set(names)].sort(NAME_ORDER.compare);
  return closest(filter.toLocaleLowerCase(), distinct, { key: (name) => name.toLocaleLowerCase(), limit, score: nameDistance });
}

function nameDistance(filter: string, name: string): number {
  const words = name.split(/[\s\-_·/()（）]+/u).filter((word) => word !== "");
  return Math.min(editDistance(filter, name), ...words.map((word) => editDistance(filter, word)));
}
