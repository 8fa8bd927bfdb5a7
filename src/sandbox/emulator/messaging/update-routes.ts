/**
 * Changing a card the bot already sent: PATCH /open-apis/im/v1/messages/:message_id
 * (message-patch-card.md) and POST /open-apis/interactive/v1/card/update (card-delayed-update.md).
 */
import type { ApiResult, RouteDefinition } from "../context.js";
import { checkCard, schemaOf, type ParsedCard } from "./card-validator.js";
import { CONTENT_LIMITS, checkContent } from "./content.js";
import {
  CardUpdateError,
  describeCardProblem,
  frequencyLimited,
  invalidParameter,
  tooOldToModify,
} from "./errors.js";
import { paramOf, type MessagingState } from "./state.js";
import type { ChatMessage } from "./types.js";

/** Messages (and their cards) can be updated for 14 days after sending. */
export const UPDATE_WINDOW_MS = 14 * 24 * 60 * 60 * 1000;
export const PATCH_LIMIT_PER_SECOND = 5;

function replaceCard(message: ChatMessage, parsed: ParsedCard, content: string, now: number): void {
  message.card = parsed.card;
  message.content = content;
  message.updateTime = now;
}

export function patchRoute(state: MessagingState): RouteDefinition<"message_patch"> {
  return {
    name: "message_patch",
    // message-patch-card.md: each message may be updated at most 5 times a second.
    keyedLimits: [
      {
        key: (req) => paramOf(req, "message_id") || undefined,
        windows: [{ max: PATCH_LIMIT_PER_SECOND, windowMs: 1000 }],
        error: { ...frequencyLimited() },
      },
    ],
    handler: (_req, { path, body }): ApiResult => {
      const { content } = body;
      const messageId = path.message_id;
      const message = state.book.get(messageId);
      if (!message) return { error: invalidParameter(`invalid message_id: ${messageId}.`) };
      const now = state.ctx.now();
      if (now - message.createTime > UPDATE_WINDOW_MS) return { error: tooOldToModify() };
      if (message.msgType !== "interactive" || message.sender.type !== "app") {
        return { error: invalidParameter("This message is NOT a card.") };
      }
      const check = checkContent("interactive", content);
      if (!check.ok) return { error: check.error };
      const next = check.card;
      if (!next) return { error: invalidParameter("This message is NOT a card.") };
      const before = checkCard(message.card);
      // Both the sent card and its replacement must be shared cards (config.update_multi).
      if (!before.ok || !before.parsed.updateMulti || !next.updateMulti) {
        return { error: invalidParameter("update_multi of the card must be true before and after the update.") };
      }
      if (before.parsed.schema === "2.0" && next.schema === "1.0") {
        return { error: invalidParameter("a JSON 2.0 card cannot be updated to a JSON 1.0 card.") };
      }
      replaceCard(message, next, content, now);
      state.record({ kind: "patch", messageId, chatId: message.chatId, msgType: "interactive", content, card: next.card });
      return { data: {} };
    },
  };
}

export function cardUpdateRoute(state: MessagingState): RouteDefinition<"card_update"> {
  return {
    name: "card_update",
    // card-delayed-update.md lists its own codes: a missing token is a malformed one, a missing card a card parameter error.
    invalid: (violations) =>
      violations.some((v) => v.field === "token")
        ? CardUpdateError.tokenFormat()
        : CardUpdateError.cardParam(violations.map((v) => v.description).join("; ")),
    handler: (_req, { body }): ApiResult => {
      const now = state.ctx.now();
      const { token, card } = body;
      const granted = state.tokens.check(token, now);
      if ("error" in granted) return { error: granted.error };
      const message = state.book.get(granted.messageId);
      if (!message) return { error: CardUpdateError.tokenExpired() };
      // card-delayed-update.md documents no code for a card past its 14 days (card-update.md: cards
      // update within 14 days); the emulator answers as PATCH does, with 230031.
      if (now - message.createTime > UPDATE_WINDOW_MS) return { error: tooOldToModify() };

      const content = JSON.stringify(card);
      if (Buffer.byteLength(content, "utf8") > CONTENT_LIMITS.cardBytes) {
        return { error: CardUpdateError.cardFormat("the card exceeds 30 KB") };
      }
      const { open_ids: openIds, ...cardOnly } = card;
      // open_ids is a 1.0 field of the request, not of the card; 2.0 refuses it like any unknown key.
      const check = checkCard(card["schema"] === "2.0" ? card : cardOnly);
      if (!check.ok) return { error: CardUpdateError.cardFormat(describeCardProblem(check.problem)) };
      const next = check.parsed;
      if (schemaOf(message.card) === "2.0" && next.schema === "1.0") {
        return { error: CardUpdateError.cardFormat("a JSON 2.0 card cannot be updated to a JSON 1.0 card") };
      }
      const forSome = Array.isArray(openIds) && openIds.length > 0;
      if (!next.updateMulti && !forSome) return { error: CardUpdateError.openIdsRequired() };

      state.tokens.spend(token);
      // An update for some users only leaves the card everyone else sees unchanged.
      if (next.updateMulti) replaceCard(message, next, JSON.stringify(next.card), now);
      state.record({
        kind: "card_update",
        messageId: message.messageId,
        chatId: message.chatId,
        msgType: "interactive",
        content,
        card: next.card,
      });
      return { data: {} };
    },
  };
}
