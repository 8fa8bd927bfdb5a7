/**
 * View → card, with every button value sealed for the chat the card goes to and the time it was
 * issued (cards/seal.ts). A view that cannot be rendered becomes the error card instead.
 */
import { renderView, type Card } from "../cards/index.js";
import { sealedButtonValues, type ButtonPlace, type ButtonSeal } from "../cards/seal.js";
import { errorView } from "../commands/errorView.js";
import type { Locale, View } from "../commands/types.js";
import type { Logger } from "../log/logger.js";

export type CardRenderer = (view: View, place: ButtonPlace) => Card;

export function createCardRenderer(seal: ButtonSeal, locale: Locale, logger: Logger): CardRenderer {
  return (view, place) => {
    try {
      return renderView(view, locale, { buttonValues: sealedButtonValues(seal, place) });
    } catch (error) {
      logger.error({ err: error, view: view.kind }, "card rendering failed");
      return renderView(errorView(error, locale), locale);
    }
  };
}
