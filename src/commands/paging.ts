/**
 * Stateless paging: a card button's value carries everything needed to answer the click — the
 * command, its typed arguments, and where the list stands — so any replica can answer it and a
 * restart loses nothing. The bot seals the value (cards/seal.ts); Feishu echoes it back verbatim.
 */
import * as z from "zod";
import type { ButtonAction } from "./actions.js";

/**
 * Where a paged list stands. `token` names the page to show in the command's own terms (absent: the
 * first page); `page` is the 1-based page number shown in the indicator. `offset` is for lists paged
 * locally (participants, reservations already fetched): the first item's index.
 */
export interface Cursor {
  token?: string;
  back: string[];
  page: number;
  offset?: number;
}

/** Far more than any list the bot shows; a larger number is not one of ours. */
const MAX_PAGE = 100_000;
const MAX_OFFSET = 1_000_000;

/** A cursor as a button sends it back: the same schema the pager's values are made to. */
export const cursorSchema: z.ZodType<Cursor> = z
  .object({
    token: z.string().min(1).max(64).optional(),
    back: z.array(z.string().max(64)).max(50),
    page: z.number().int().min(1).max(MAX_PAGE),
    offset: z.number().int().min(0).max(MAX_OFFSET).optional(),
  })
  .strict();

/** A cursor from a button value, or undefined for anything that is not one. */
export function readCursor(value: unknown): Cursor | undefined {
  const parsed = cursorSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Lists of more pages than this get buttons to their first and last page too. */
export const JUMP_MIN_PAGES = 3;

/** The buttons of a list held in full, paged by offset: each present only where it leads somewhere. */
export interface OffsetPager {
  page: number;
  pages: number;
  first?: ButtonAction;
  prev?: ButtonAction;
  next?: ButtonAction;
  last?: ButtonAction;
}

/**
 * Previous/Next for a list already held in full, paged by offset, and First/Last once it has
 * JUMP_MIN_PAGES pages or more (with two, Previous and Next already are them). `at` makes the
 * button for a cursor.
 */
export function offsetPagerValues(at: (cursor: Cursor) => ButtonAction, offset: number, pageSize: number, total: number): OffsetPager {
  const page = Math.floor(offset / pageSize) + 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const to = (o: number, p: number) => at({ back: [], page: p, offset: o });
  const jumps = pages >= JUMP_MIN_PAGES;
  return {
    page,
    pages,
    ...(jumps && page > 1 ? { first: to(0, 1) } : {}),
    ...(offset > 0 ? { prev: to(Math.max(0, offset - pageSize), page - 1) } : {}),
    ...(offset + pageSize < total ? { next: to(offset + pageSize, page + 1) } : {}),
    ...(jumps && page < pages ? { last: to((pages - 1) * pageSize, pages) } : {}),
  };
}
