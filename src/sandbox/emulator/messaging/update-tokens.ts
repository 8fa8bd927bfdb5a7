/**
 * Delayed-update tokens from card callbacks (card-delayed-update.md): usable only once the
 * callback has been answered, for 30 minutes, at most twice.
 */
import type { ApiError } from "../context.js";
import { CardUpdateError } from "./errors.js";

export const UPDATE_TOKEN_TTL_MS = 30 * 60 * 1000;
export const UPDATE_TOKEN_MAX_USES = 2;

export interface UpdateTokens {
  /** Arms a token once its callback has been answered. */
  arm(token: string, messageId: string, now: number): void;
  /** Checks a token without spending it: the message it may update, or why not. */
  check(token: unknown, now: number): { messageId: string } | { error: ApiError };
  spend(token: string): void;
  reset(): void;
}

export function createUpdateTokens(): UpdateTokens {
  const tokens = new Map<string, { messageId: string; armedAt: number; uses: number }>();
  return {
    arm: (token, messageId, now) => {
      tokens.set(token, { messageId, armedAt: now, uses: 0 });
    },
    check: (token, now) => {
      if (typeof token !== "string" || !token.startsWith("c-")) return { error: CardUpdateError.tokenFormat() };
      const state = tokens.get(token);
      // A token whose callback has not been answered yet is as good as no token.
      if (!state || now - state.armedAt >= UPDATE_TOKEN_TTL_MS) return { error: CardUpdateError.tokenExpired() };
      if (state.uses >= UPDATE_TOKEN_MAX_USES) return { error: CardUpdateError.tokenExhausted() };
      return { messageId: state.messageId };
    },
    spend: (token) => {
      const state = tokens.get(token);
      if (state) state.uses += 1;
    },
    reset: () => tokens.clear(),
  };
}
