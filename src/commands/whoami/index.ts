/**
 * `/whoami` (`/我`): where am I and who am I, in ids. For everyone, in groups and direct chats: it
 * tells the asker only their own open_id and the id of the chat they typed in, which is what an
 * operator needs for `digests:` and `bot.admins` in app.yaml. It makes no Feishu call.
 */
import * as z from "zod";
import { isAdmin } from "../access.js";
import { defineCommand } from "../define.js";
import type { CommandContext } from "../types.js";
import { buildWhoamiView, type WhoamiView } from "./view.js";
import { WHOAMI_HELP, WHOAMI_WORDS } from "./words.js";

export type { WhoamiView };

/** /whoami takes no arguments; words after it are ignored. */
export const whoamiArgs = z.object({}).strict();
export type WhoamiArgs = z.infer<typeof whoamiArgs>;

export const whoamiCommand = defineCommand({
  name: "whoami",
  words: WHOAMI_WORDS,
  help: WHOAMI_HELP,
  access: { audience: "everyone" },
  args: whoamiArgs,
  fromText: () => ({}),
  query: () => Promise.resolve(undefined),
  view: (_data: undefined, ctx: CommandContext): WhoamiView =>
    buildWhoamiView({ chatId: ctx.chatId, chatType: ctx.chatType, openId: ctx.senderOpenId, isAdmin: isAdmin(ctx.deps.config, ctx.senderOpenId) }),
});
