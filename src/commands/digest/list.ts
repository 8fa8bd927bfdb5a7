/** `/digest`: app.yaml's digests and those added from chat, with their next run, a page at a time. */
import type { DigestConfig, DigestSectionConfig } from "../../config/types.js";
import { localTime, nextOccurrence } from "../../time/cron.js";
import { buttonAction, threadAction } from "../actions.js";
import { offsetPagerValues } from "../paging.js";
import type { CommandContext } from "../types.js";
import type { DigestListView, DigestNotice, DigestSectionLabel } from "./views.js";

/** Digests per card page; each takes a few lines and a button. */
export const DIGEST_LIST_PAGE_SIZE = 8;

/** One digest as listed: app.yaml's, or one added from chat (which may be paused). */
export interface ListedDigest {
  digest: DigestConfig;
  origin: "app.yaml" | "chat";
  paused: boolean;
  schedule?: string;
}

export function buildDigestListView(digests: readonly ListedDigest[], ctx: CommandContext, notice?: DigestNotice): DigestListView {
  const now = ctx.deps.now();
  const total = digests.length;
  const requested = ctx.cursor?.offset ?? 0;
  // A button made before the list shrank may point past the end: show the last page instead.
  const offset = total === 0 ? 0 : Math.min(requested, total - 1) - (Math.min(requested, total - 1) % DIGEST_LIST_PAGE_SIZE);
  const pager = offsetPagerValues((cursor) => buttonAction("digest", { action: "list" }, cursor), offset, DIGEST_LIST_PAGE_SIZE, total);
  return {
    kind: "digest-list",
    ...(notice ? { notice } : {}),
    entries: digests.slice(offset, offset + DIGEST_LIST_PAGE_SIZE).map(({ digest, origin, paused, schedule }) => {
      const next = paused ? undefined : nextOccurrence(digest, now);
      return {
        name: digest.name,
        origin,
        paused,
        ...(schedule !== undefined ? { schedule } : {}),
        cron: digest.cron,
        timeZone: digest.timezone,
        nextRun: next === undefined ? undefined : localTime(digest.timezone, next),
        chats: digest.chats.length,
        here: digest.chats.includes(ctx.chatId),
        sections: digest.sections.map(sectionLabel),
        preview: threadAction("digest", { action: "run", name: digest.name }),
      };
    }),
    offset,
    total,
    pager,
  };
}

export function sectionLabel(section: DigestSectionConfig): DigestSectionLabel {
  if (section.kind === "meeting") return { kind: section.kind, meetingNo: section.meetingNo };
  if ((section.kind === "report" || section.kind === "rooms") && section.days !== undefined) return { kind: section.kind, days: section.days };
  return { kind: section.kind };
}

/** The next `count` runs after `after`, "YYYY-MM-DD HH:mm" in the digest's zone. */
export function nextRuns(digest: Pick<DigestConfig, "cron" | "timezone">, after: number, count: number): string[] {
  const runs: string[] = [];
  let at = after;
  for (let i = 0; i < count; i++) {
    const next = nextOccurrence(digest, at);
    if (next === undefined) break;
    runs.push(localTime(digest.timezone, next));
    at = next;
  }
  return runs;
}
