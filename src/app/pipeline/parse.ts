/** Parse: what is being asked — a message's text (read-text.ts) or a click's sealed value (open-click.ts). */
import type { ButtonSeal } from "../../cards/seal.js";
import type { CommandDeps } from "../../commands/types.js";
import type { Logger } from "../../log/logger.js";
import { openClick } from "./open-click.js";
import { readText } from "./read-text.js";
import type { Middleware } from "./turn.js";

export function parse(deps: { commandDeps: CommandDeps; seal: ButtonSeal; logger: Logger }): Middleware {
  return async (turn, next) => {
    const parsed =
      turn.source.kind === "message" ? await readText(turn, deps.commandDeps) : await openClick(turn, deps.seal, () => ({ now: deps.commandDeps.now(), timeZone: deps.commandDeps.config.bot.timezone }), deps.logger);
    if (parsed) return next();
  };
}
