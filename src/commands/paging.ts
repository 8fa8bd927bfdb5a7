/**
 * Stateless paging: a card button's value carries everything needed to answer the click — the
 * command, its arguments, and where the list stands — so any replica can answer it and a restart
 * loses nothing. Feishu echoes the value back verbatim in `card.action.trigger`.
 */
import type { CommandContext, CommandName } from "./types.js";

/**
 * Where a paged list stands. `token` is the API page token of the page to show (absent: the first
 * page); `back` holds the tokens of the pages before it, oldest first, so Previous needs no server
 * state. `page` is the 1-based page number shown in the indicator.
 */
export interface Cursor {
  token?: string;
  back: string[];
  page: number;
  /** For lists paged locally (participants, reservations already fetched): the item offset. */
  offset?: number;
}

/**
 * The value of a card button. `ct` and `cid` are the chat type and chat the card was made for:
 * passwords depend on the chat type, and a click from any other chat is treated as a group's.
 */
export interface ActionValue {
  cmd: CommandName;
  args: string[];
  cursor?: Cursor;
  ct?: string;
  cid?: string;
  /**
   * Unix seconds when the card was issued, sealed into every button when the bot renders the card
   * (cards/seal.ts), so a click can tell a card past Feishu's 14 days (cardExpired).
   */
  issued?: number;
}

/** JSON 2.0 cards stay interactive and updatable for 14 days after they are sent. */
export const CARD_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

/**
 * When the clicked card was first sent, for the card that replaces it: Feishu counts the 14 days
 * from the message's creation, so an answer must not restart them. Anything but a plausible time
 * (missing, not a number, in the future) counts as now.
 */
export function issuedAtOf(value: Record<string, unknown>, nowMs: number): number {
  const nowSeconds = Math.floor(nowMs / 1000);
  const issued = value.issued;
  return typeof issued === "number" && Number.isInteger(issued) && issued > 0 && issued <= nowSeconds ? issued : nowSeconds;
}

/**
 * Whether a (sealed, so authentic) button value says its card was issued more than 14 days before
 * `nowMs`. A value without a numeric `issued` is not taken as expired.
 */
export function cardExpired(value: Record<string, unknown>, nowMs: number): boolean {
  const issued = value.issued;
  if (typeof issued !== "number" || !Number.isFinite(issued)) return false;
  return nowMs / 1000 - issued > CARD_LIFETIME_SECONDS;
}

/** The part of every button value that says which command and chat it belongs to. */
export function actionBase(
  ctx: Pick<CommandContext, "chatType" | "chatId">,
  cmd: CommandName,
  args: string[],
): Omit<ActionValue, "cursor"> {
  return { cmd, args, ct: ctx.chatType, cid: ctx.chatId };
}

/** Button values for Previous and Next from the current cursor and the API's next token. */
export function pagerValues(
  base: Omit<ActionValue, "cursor">,
  cursor: Cursor | undefined,
  nextToken: string | undefined,
): { prev?: ActionValue; next?: ActionValue; page: number } {
  const current: Cursor = cursor ?? { back: [], page: 1 };
  const result: { prev?: ActionValue; next?: ActionValue; page: number } = { page: current.page };
  if (current.page > 1) {
    const back = current.back.slice(0, -1);
    const token = current.back[current.back.length - 1];
    result.prev = { ...base, cursor: { ...(token ? { token } : {}), back, page: current.page - 1 } };
  }
  if (nextToken !== undefined) {
    const back = [...current.back, current.token ?? ""];
    result.next = { ...base, cursor: { token: nextToken, back, page: current.page + 1 } };
  }
  return result;
}

/** Previous/Next for a list already held in full, paged by offset. */
export function offsetPagerValues(
  base: Omit<ActionValue, "cursor">,
  offset: number,
  pageSize: number,
  total: number,
): { prev?: ActionValue; next?: ActionValue; page: number; pages: number } {
  const page = Math.floor(offset / pageSize) + 1;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const at = (o: number, p: number): ActionValue => ({ ...base, cursor: { back: [], page: p, offset: o } });
  return {
    page,
    pages,
    ...(offset > 0 ? { prev: at(Math.max(0, offset - pageSize), page - 1) } : {}),
    ...(offset + pageSize < total ? { next: at(offset + pageSize, page + 1) } : {}),
  };
}

/** Reads a cursor from an untrusted button value; anything malformed means "first page". */
export function readCursor(value: unknown): Cursor | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const back = Array.isArray(v.back) ? v.back.filter((t): t is string => typeof t === "string") : [];
  const page = typeof v.page === "number" && Number.isInteger(v.page) && v.page >= 1 ? v.page : back.length + 1;
  const cursor: Cursor = { back, page };
  if (typeof v.token === "string" && v.token !== "") cursor.token = v.token;
  if (typeof v.offset === "number" && Number.isInteger(v.offset) && v.offset >= 0) cursor.offset = v.offset;
  return cursor;
}
