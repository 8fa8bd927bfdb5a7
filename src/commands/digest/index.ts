/**
 * `/digest`: every digest — app.yaml's and those added from chat — and when each runs next;
 * `/digest run <name>` posts a preview of one into this chat now; `/digest add|pause|resume|remove`
 * manage the digests of this chat (all admins only: the pipeline checks it before the query). A
 * preview is a reply: it never touches the record of which periods were sent, so the scheduled run still posts.
 */
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { UsageError } from "../usage.js";
import { digestArgs, digestFromText, type DigestArgs } from "./args.js";
import { chatDigestConfig, type ChatDigest, type DigestBook } from "./book.js";
import { buildDigestView } from "./build.js";
import { buildDigestListView, nextRuns, sectionLabel, type ListedDigest } from "./list.js";
import type { DigestListView, DigestNotice, DigestView } from "./views.js";
import { DIGEST_HELP, DIGEST_WORDS } from "./words.js";

export type { DigestListView, DigestView } from "./views.js";
export type { ChatDigest, DigestBook } from "./book.js";

/** Digests one chat may add: a handful of cards a week, not a feed. */
export const MAX_DIGESTS_PER_CHAT = 10;
/** Run times the confirmation of /digest add shows. */
const NEXT_RUNS_SHOWN = 3;

/** The digests to list (with what was just done), or the preview built (its sections already fetched). */
export type DigestData = { action: "list"; digests: readonly ListedDigest[]; notice?: DigestNotice } | { action: "run"; preview: DigestView };

export const digestCommand = defineCommand({
  name: "digest",
  words: DIGEST_WORDS,
  help: DIGEST_HELP,
  // A preview posts organisation-wide figures into the chat; the rest change what gets posted.
  access: { audience: "configured", adminsOnly: (args: DigestArgs) => (args.action === "list" ? undefined : args.action) },
  args: digestArgs,
  fromText: digestFromText,
  query: queryDigest,
  view: (data: DigestData, ctx: CommandContext): DigestListView | DigestView =>
    data.action === "list" ? buildDigestListView(data.digests, ctx, data.notice) : data.preview,
});

async function queryDigest(args: DigestArgs, ctx: CommandContext): Promise<DigestData> {
  switch (args.action) {
    case "list":
      return listed(ctx);
    case "run": {
      const digest = ctx.deps.config.digests.find((d) => d.name === args.name) ?? chatDigestConfig(await chatDigest(args.name, ctx, "run"));
      const preview = await buildDigestView(digest, { deps: ctx.deps, at: ctx.deps.now(), locale: ctx.locale, late: false, preview: true });
      return { action: "run", preview };
    }
    case "add":
      return add(args, ctx);
    case "pause":
    case "resume": {
      const digest = await chatDigest(args.name, ctx, args.action);
      const paused = args.action === "pause";
      // Resuming starts afresh: the runs missed while paused are not caught up.
      if (digest.paused !== paused) await book(ctx).put({ ...digest, paused, ...(paused ? {} : { since: ctx.deps.now() }) });
      const next = paused ? [] : nextRuns(chatDigestConfig(digest), ctx.deps.now(), 1);
      return listed(ctx, { kind: paused ? "paused" : "resumed", name: digest.name, ...(next[0] ? { nextRun: next[0] } : {}) });
    }
    case "remove": {
      const digest = await chatDigest(args.name, ctx, "remove");
      await book(ctx).remove(digest.name);
      return listed(ctx, { kind: "removed", name: digest.name });
    }
  }
}

async function add(args: Extract<DigestArgs, { action: "add" }>, ctx: CommandContext): Promise<DigestData> {
  const { config, now } = ctx.deps;
  if (config.digests.some((d) => d.name === args.name)) {
    throw new UsageError("digest", {
      zh: `app.yaml 里已有名为「${args.name}」的摘要：请换一个名称`,
      en: `app.yaml already configures a digest named "${args.name}": choose another name`,
    });
  }
  const digests = book(ctx);
  const here = (await digests.list()).filter((d) => d.chatId === ctx.chatId);
  if (here.length >= MAX_DIGESTS_PER_CHAT) {
    throw new UsageError("digest", {
      zh: `本群已有 ${here.length} 个摘要，最多 ${MAX_DIGESTS_PER_CHAT} 个：先用 /digest remove <名称> 删除一个`,
      en: `This chat has ${here.length} digests, the most it may have (${MAX_DIGESTS_PER_CHAT}): /digest remove <name> one first`,
    });
  }
  const at = now();
  const digest: ChatDigest = {
    name: args.name,
    chatId: ctx.chatId,
    cron: args.cron,
    schedule: args.schedule,
    timeZone: config.bot.timezone,
    locale: ctx.locale,
    sections: args.sections,
    paused: false,
    addedBy: ctx.senderOpenId,
    addedAt: at,
    since: at,
  };
  if (!(await digests.add(digest))) {
    throw new UsageError("digest", {
      zh: `已有名为「${args.name}」的摘要（/digest 可查看）：请换一个名称`,
      en: `A digest named "${args.name}" exists already (see /digest): choose another name`,
    });
  }
  const schedule = chatDigestConfig(digest);
  return listed(ctx, {
    kind: "added",
    name: digest.name,
    schedule: digest.schedule,
    cron: digest.cron,
    timeZone: digest.timeZone,
    nextRuns: nextRuns(schedule, at, NEXT_RUNS_SHOWN),
    chatId: digest.chatId,
    sections: digest.sections.map(sectionLabel),
  });
}

/** app.yaml's digests first (in their order), then those added from chat (by name). */
async function listed(ctx: CommandContext, notice?: DigestNotice): Promise<DigestData> {
  const configured: ListedDigest[] = ctx.deps.config.digests.map((digest) => ({ digest, origin: "app.yaml", paused: false }));
  const added: ListedDigest[] = ctx.deps.digests
    ? (await ctx.deps.digests.list()).map((d) => ({ digest: chatDigestConfig(d), origin: "chat", paused: d.paused, schedule: d.schedule }))
    : [];
  return { action: "list", digests: [...configured, ...added], ...(notice ? { notice } : {}) };
}

/**
 * The chat-added digest `name`, for `action`: a preview runs anywhere; pause, resume and remove only
 * in the chat it posts into. app.yaml's are read-only from chat.
 */
async function chatDigest(name: string, ctx: CommandContext, action: "run" | "pause" | "resume" | "remove"): Promise<ChatDigest> {
  const { config } = ctx.deps;
  if (action !== "run" && config.digests.some((d) => d.name === name)) {
    throw new UsageError("digest", {
      zh: `摘要「${name}」配置在 app.yaml 中，不能在聊天里修改：请编辑 app.yaml 后重启`,
      en: `The digest "${name}" is configured in app.yaml and cannot be changed from chat: edit app.yaml and restart`,
    });
  }
  const digest = await ctx.deps.digests?.get(name);
  if (digest === undefined) {
    // This chat's own and app.yaml's: other chats' digest names are theirs.
    const here = ((await ctx.deps.digests?.list()) ?? []).filter((d) => d.chatId === ctx.chatId);
    const known = [...config.digests.map((d) => d.name), ...here.map((d) => d.name)].join(", ") || "—";
    throw new UsageError("digest", {
      zh: `没有名为「${name}」的摘要；已配置：${known}`,
      en: `There is no digest named "${name}"; configured: ${known}`,
    });
  }
  if (action !== "run" && digest.chatId !== ctx.chatId) {
    throw new UsageError("digest", {
      zh: `摘要「${name}」发往群 ${digest.chatId}，只能在那个群里暂停、恢复或删除`,
      en: `The digest "${name}" posts into chat ${digest.chatId}: pause, resume or remove it there`,
    });
  }
  return digest;
}

function book(ctx: CommandContext): DigestBook {
  // Wired in app/bot.ts for every bot; a context made without it (a unit test) cannot add digests.
  if (!ctx.deps.digests) throw new Error("/digest add needs CommandDeps.digests");
  return ctx.deps.digests;
}
