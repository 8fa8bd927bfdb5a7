/**
 * `/digest`: the scheduled digests and when each runs next; `/digest run <name>` posts a preview of
 * one into this chat now (admins only: the pipeline checks it before the query). A preview is a
 * reply: it never touches the record of which periods were sent, so the scheduled run still posts.
 */
import type { DigestConfig } from "../../config/types.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { UsageError } from "../usage.js";
import { digestArgs, digestFromText, type DigestArgs } from "./args.js";
import { buildDigestView } from "./build.js";
import { buildDigestListView } from "./list.js";
import type { DigestListView, DigestView } from "./views.js";
import { DIGEST_HELP, DIGEST_WORDS } from "./words.js";

export type { DigestListView, DigestView } from "./views.js";

/** The digests to list, or the preview built (its sections already fetched). */
export type DigestData = { action: "list"; digests: readonly DigestConfig[] } | { action: "run"; preview: DigestView };

export const digestCommand = defineCommand({
  name: "digest",
  words: DIGEST_WORDS,
  help: DIGEST_HELP,
  // A preview posts organisation-wide figures into the chat.
  access: { audience: "configured", adminsOnly: (args: DigestArgs) => (args.action === "run" ? "run" : undefined) },
  args: digestArgs,
  fromText: digestFromText,
  query: queryDigest,
  view: (data: DigestData, ctx: CommandContext): DigestListView | DigestView =>
    data.action === "list" ? buildDigestListView(data.digests, ctx) : data.preview,
});

async function queryDigest(args: DigestArgs, ctx: CommandContext): Promise<DigestData> {
  const digests = ctx.deps.config.digests;
  if (args.action === "list") return { action: "list", digests };
  const digest = digests.find((d) => d.name === args.name);
  if (!digest) {
    const known = digests.map((d) => d.name).join(", ") || "—";
    throw new UsageError("digest", {
      zh: `没有名为「${args.name}」的摘要；已配置：${known}`,
      en: `There is no digest named "${args.name}"; configured: ${known}`,
    });
  }
  const preview = await buildDigestView(digest, { deps: ctx.deps, at: ctx.deps.now(), locale: ctx.locale, late: false, preview: true });
  return { action: "run", preview };
}
