/**
 * Who may run what, and where: a pure reading of `bot.admins` and the `access:` section. Refusals
 * are decided here before any command runs, so a refused command never reaches Feishu.
 */
import { ACCESS_COMMANDS, type AccessCommand } from "../config/access-schema.js";
import type { Audience, Config } from "../config/types.js";
import type { CommandName } from "./types.js";
import type { RefusedView } from "./notices.js";

type AccessConfig = Pick<Config, "bot" | "access">;

export function isAdmin(config: AccessConfig, openId: string): boolean {
  return openId !== "" && config.bot.admins.includes(openId);
}

function isConfigurable(name: CommandName): name is AccessCommand {
  return (ACCESS_COMMANDS as readonly string[]).includes(name);
}

/** /help, and any command app.yaml cannot restrict, is for everyone. */
export function audienceOf(config: AccessConfig, name: CommandName): Audience {
  return isConfigurable(name) ? config.access.commands[name] : "everyone";
}

export function mayRun(config: AccessConfig, name: CommandName, openId: string): boolean {
  return audienceOf(config, name) === "everyone" || isAdmin(config, openId);
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
