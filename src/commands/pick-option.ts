/** What the pick hooks share: how a client-sent option is quoted back when it is refused. */
import type { CommandName } from "./actions.js";
import { UsageError } from "./usage.js";

/** Longest stretch of a refused option quoted in the message: enough to recognise it. */
const QUOTED = 40;

/** The option as a refusal quotes it: one line, cut short. */
export function quoted(option: string): string {
  const line = option.replace(/\s+/gu, " ").trim();
  const chars = [...line];
  return chars.length > QUOTED ? `${chars.slice(0, QUOTED).join("")}…` : line;
}

/** A picked option the command does not offer (a client's altered callback, an older card's). */
export function unknownOption(command: CommandName, option: string): UsageError {
  return new UsageError(command, {
    zh: `卡片上没有这个选项：「${quoted(option)}」`,
    en: `The card offers no such option: "${quoted(option)}"`,
  });
}
