/**
 * Who may run what, and where: a pure reading of `bot.admins`, the `access:` section and each
 * command's own access rule (define.ts). The pipeline's authorise step is the one place that
 * enforces it, before any command runs, so a refused command never reaches Feishu; /help reads the
 * same rule to list only what the asker may run.
 */
import type { AccessCommand } from "../config/access-schema.js";
import type { Audience, Config } from "../config/types.js";
import type { CommandName } from "./actions.js";
import type { AnyCommand } from "./define.js";
import type { ChatDigest } from "./digest/book.js";
import type { RefusedView } from "./notices.js";

type AccessConfig = Pick<Config, "bot" | "access">;

export function isAdmin(config: AccessConfig, openId: string): boolean {
  return openId !== "" && config.bot.admins.includes(openId);
}

/** Whom app.yaml lets run the command; a command app.yaml cannot restrict is for everyone. */
export function audienceOf(config: AccessConfig, command: Pick<AnyCommand, "name" | "access">): Audience {
  return command.access.audience === "configured" ? config.access.commands[command.name as AccessCommand] : "everyone";
}

/**
 * Whether `openId` may run `command`; with `args`, also whether those arguments need an admin.
 * Without them (listing commands in /help) only the audience counts.
 */
export function mayRun(config: AccessConfig, command: Pick<AnyCommand, "name" | "access">, openId: string, args?: { value: unknown }): boolean {
  if (isAdmin(config, openId)) return true;
  if (audienceOf(config, command) !== "everyone") return false;
  return args === undefined || adminsOnlyPart(command, args.value) === undefined;
}

/** The sub-command these arguments run when only admins may run it (`run` of /digest), else undefined. */
export function adminsOnlyPart(command: Pick<AnyCommand, "access">, args: unknown): string | undefined {
  return command.access.adminsOnly?.(args);
}

/**
 * Whether a click on a digest's button (`digest`: the name sealed in it) lets anyone in `chatId` run
 * `command`: an admin configured that digest into this chat with a section of this command, so its
 * members already see those figures there. Read from app.yaml at the click, so taking the chat or the
 * section out of the digest withdraws it. The chat is the clicked card's own, which the seal binds:
 * a copy forwarded elsewhere was refused before this.
 */
export function digestGrants(config: Pick<Config, "digests">, digest: string | undefined, command: CommandName, chatId: string): boolean {
  if (digest === undefined || chatId === "") return false;
  return config.digests.some((d) => d.name === digest && d.chats.includes(chatId) && d.sections.some((s) => s.kind === command));
}

/**
 * The same grant for a digest added from chat (`/digest add`): its one chat, its sections. Read from
 * the store at the click, so removing the digest withdraws it; a paused one still grants, its cards
 * already posted there.
 */
export function addedDigestGrants(digest: Pick<ChatDigest, "chatId" | "sections"> | undefined, command: CommandName, chatId: string): boolean {
  return digest !== undefined && chatId !== "" && digest.chatId === chatId && digest.sections.some((s) => s.kind === command);
}

/** An empty allow-list means every chat. */
export function chatAllowed(config: AccessConfig, chatId: string | undefined): boolean {
  const { chats } = config.access;
  return chats.length === 0 || (chatId !== undefined && chats.includes(chatId));
}

/** `sub`: the admins-only sub-command refused, when the rest of the command is open to the asker. */
export function refusedCommand(config: AccessConfig, name: CommandName, sub?: string): RefusedView {
  return { kind: "refused", reason: "admins", command: name, ...(sub !== undefined ? { sub } : {}), admins: [...config.bot.admins] };
}

export function refusedChat(config: AccessConfig, chatId: string): RefusedView {
  return { kind: "refused", reason: "chat", chatId, admins: [...config.bot.admins] };
}
