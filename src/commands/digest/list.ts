/** `/digest`: the configured digests with their next run, a page at a time. */
import type { DigestConfig } from "../../config/types.js";
import { localTime, nextOccurrence } from "../../time/cron.js";
import { buttonAction, threadAction } from "../actions.js";
import { offsetPagerValues } from "../paging.js";
import type { CommandContext } from "../types.js";
import type { DigestListView } from "./views.js";

/** Digests per card page; each takes a few lines and a button. */
export const DIGEST_LIST_PAGE_SIZE = 8;

export function buildDigestListView(digests: readonly DigestConfig[], ctx: CommandContext): DigestListView {
  const now = ctx.deps.now();
  const total = digests.length;
  const requested = ctx.cursor?.offset ?? 0;
  // A button made before the config shrank may point past the end: show the last page instead.
  const offset = total === 0 ? 0 : Math.min(requested, total - 1) - (Math.min(requested, total - 1) % DIGEST_LIST_PAGE_SIZE);
  const pager = offsetPagerValues((cursor) => buttonAction("digest", { action: "list" }, cursor), offset, DIGEST_LIST_PAGE_SIZE, total);
  return {
    kind: "digest-list",
    entries: digests.slice(offset, offset + DIGEST_LIST_PAGE_SIZE).map((digest) => {
      const next = nextOccurrence(digest, now);
      return {
        name: digest.name,
        cron: digest.cron,
        timeZone: digest.timezone,
        nextRun: next === undefined ? undefined : localTime(digest.timezone, next),
        chats: digest.chats.length,
        here: digest.chats.includes(ctx.chatId),
        sections: digest.sections.map((s) => (s.kind === "meeting" ? { kind: s.kind, meetingNo: s.meetingNo } : { kind: s.kind })),
        preview: threadAction("digest", { action: "run", name: digest.name }),
      };
    }),
    offset,
    total,
    pager,
  };
}
