/**
 * Usage mistakes (`/meeting abc`, `/rooms 2026-13-45`): a command throws UsageError and the user gets
 * the command's usage card with the problem and an example, never silence or a stack trace.
 */
import { CodedError, ERROR_CODES } from "../errors/coded.js";
import type { CommandName, Locale } from "./types.js";

export interface UsageView {
  kind: "usage";
  command: CommandName;
  /** What was wrong, in the user's language (may quote user text: escaped when rendered). */
  problem: string;
  usage: string;
  examples: string[];
}

/** Thrown by a command when its arguments cannot be used; carries the message in both languages. */
export class UsageError extends CodedError {
  override readonly name = "UsageError";
  readonly errorCode = ERROR_CODES.usage;
  constructor(
    readonly command: CommandName,
    readonly problem: Record<Locale, string>,
  ) {
    super(problem.en);
  }
}
