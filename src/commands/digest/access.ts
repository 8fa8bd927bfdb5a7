/**
 * Who may post a digest preview. One small function so the general access layer can replace it:
 * a preview posts organisation-wide figures into the chat, so only admins may ask for one.
 */
import { isAdmin } from "../access.js";
import type { CommandContext } from "../types.js";

export function mayPreviewDigest(ctx: Pick<CommandContext, "senderOpenId" | "deps">): boolean {
  return isAdmin(ctx.deps.config, ctx.senderOpenId);
}
