import { decodeEntities } from "../../../cards/escape.js";

/**
 * The link a card may open: Feishu follows only http and https (card-v2-markdown.md, 超链接), so
 * anything else (javascript:, data:, relative paths) is no link at all. Entities are decoded first,
 * as the browser would, so `javascript&#58;` cannot slip through.
 */
export function safeHttpUrl(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  const text = decodeEntities(raw).trim();
  if (!/^https?:\/\//i.test(text)) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}
