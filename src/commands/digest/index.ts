/**
 * `/digest`: the scheduled digests and when each runs next; `/digest run <name>` posts a preview of
 * one into this chat now (admins only). A preview is a reply: it never touches the record of which
 * periods were sent, so the scheduled run still posts.
 */
import type { CommandContext, CommandModule, View } from "../types.js";
import { refusedCommand } from "../access.js";
import { UsageError } from "../usage.js";
import { mayPreviewDigest } from "./access.js";
import { buildDigestView } from "./build.js";
import { buildDigestListView } from "./list.js";

export type { DigestListView, DigestView } from "./views.js";

export const digestCommand: CommandModule = {
  name: "digest",
  aliases: [],
  usage: {
    zh: "/digest 列出定时摘要；/digest run <名称> 在本群预览一次（仅管理员）",
    en: "/digest lists the scheduled digests; /digest run <name> previews one here (admins only)",
  },
  summary: {
    zh: "定时摘要：每个摘要的时间和内容，以及预览",
    en: "Scheduled digests: when each runs and what it holds, and a preview",
  },
  examples: ["/digest", "/digest run morning"],
  run: runDigest,
};

async function runDigest(args: string[], ctx: CommandContext): Promise<View> {
  const words = args.map((arg) => arg.trim()).filter((arg) => arg !== "");
  const digests = ctx.deps.config.digests;
  if (words.length === 0 || (words.length === 1 && words[0]!.toLowerCase() === "list")) {
    return buildDigestListView(digests, ctx);
  }
  if (words[0]!.toLowerCase() !== "run") {
    throw new UsageError("digest", {
      zh: `看不懂「${words.join(" ")}」：用 /digest 列出摘要，或 /digest run <名称> 预览`,
      en: `"${words.join(" ")}" is not understood: /digest lists the digests, /digest run <name> previews one`,
    });
  }
  // A refusal, not a usage error: typed, it names the admins; clicked on the shared /digest card,
  // the bot answers it with a toast instead of replacing that card for everyone.
  if (!mayPreviewDigest(ctx)) return refusedCommand(ctx.deps.config, "digest");
  const known = digests.map((d) => d.name).join(", ") || "—";
  if (words.length !== 2) {
    throw new UsageError("digest", {
      zh: `请给出一个摘要名称：${known}`,
      en: `Name one digest: ${known}`,
    });
  }
  const digest = digests.find((d) => d.name === words[1]);
  if (!digest) {
    throw new UsageError("digest", {
      zh: `没有名为「${words[1]}」的摘要；已配置：${known}`,
      en: `There is no digest named "${words[1]}"; configured: ${known}`,
    });
  }
  return buildDigestView(digest, {
    deps: ctx.deps,
    at: ctx.deps.now(),
    chat: ctx,
    locale: ctx.locale,
    late: false,
    preview: true,
  });
}
