/** Views the app layer answers with on its own, before or instead of running a command. */
import type { CommandName } from "./types.js";

/**
 * A command the asker may not run here. `admins`: the command is for the bot's administrators
 * (listed, so the asker knows whom to ask). `chat`: the bot is not enabled in this chat.
 */
export interface RefusedView {
  kind: "refused";
  reason: "admins" | "chat";
  /** The refused command, for `admins`. */
  command?: CommandName;
  /** The admins-only sub-command refused (`run`), when the rest of `command` is open to the asker. */
  sub?: string;
  /** open_ids of the administrators. */
  admins: string[];
  /** The chat the bot is not enabled in, for `chat`: what an administrator would add to access.chats. */
  chatId?: string;
}

/**
 * The bot did not run the command and says so rather than staying silent: too much work queued,
 * the asker over their command rate, or the bot shutting down.
 */
export interface BusyView {
  kind: "busy";
  /**
   * `delayed`: the command waits behind others and its answer follows; `working`: it is running
   * and slow, and its answer follows (both are replaced by the answer in place). The others: it was not run.
   */
  reason: "queue-full" | "delayed" | "working" | "rate-limited" | "shutting-down";
  /** For rate-limited: when the asker will be heard again. */
  retryAfterSeconds?: number;
  /** For rate-limited: the limit per minute. */
  limit?: number;
}
