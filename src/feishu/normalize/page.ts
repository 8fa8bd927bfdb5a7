/** Paging fields, read the same way for every list endpoint. */
import type { Page } from "../types.js";
import { optionalText } from "./read.js";

/** Feishu sends page_token only while has_more is true; a token without has_more is ignored. */
export function pageOf<T>(items: T[], pageToken: unknown, hasMore: boolean): Page<T> {
  const token = optionalText(pageToken);
  return { items, pageToken: hasMore ? token : undefined, hasMore: hasMore && token !== undefined };
}
