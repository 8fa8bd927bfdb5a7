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
  return args === undefined || !(command.access.adminsOnly?.(args.value) ?? false);
}

/** An empty allow-list means every chat. */
export function chatAllowed(config: AccessConfig, chatId: string | undefined): boolean {
  const { chats } = config.access;
  return chats.length === 0 || (chatId !== undefined && chats.includes(chatId));
}

export function refusedCommand(config: AccessConfig, name: CommandName): RefusedView {
  return { kind: "refused", reason: "admins", command: name, admins: [...config.bot.admins] };
}

export function refusedChat(config: AccessConfig, chatId: string): RefusedView {
  return { kind: "refused", reason: "chat", chatId, admins: [...config.bot.admins] };
}
