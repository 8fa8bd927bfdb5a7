/* Helpers the data routes share for times and offset-based paging. */

/** A unix-seconds time passed as a string; undefined unless it is all digits. */
export function unixSeconds(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,12}$/.test(text) ? Number(text) : undefined;
}

/** Offset-based page tokens, like the pages' examples ("20"); undefined when malformed. */
export function pageOffset(token: string | undefined): number | undefined {
  if (token === undefined || token === "") return 0;
  return /^\d{1,9}$/.test(token) ? Number(token) : undefined;
}

/** One page of `items` plus has_more, and page_token only when there is more. */
export function pageOf<T>(items: T[], offset: number, size: number): { page: T[]; has_more: boolean; page_token?: string } {
  const page = items.slice(offset, offset + size);
  const next = offset + page.length;
  const hasMore = next < items.length;
  return { page, has_more: hasMore, ...(hasMore ? { page_token: String(next) } : {}) };
}
