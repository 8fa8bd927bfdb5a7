/** View models in, Feishu cards out. Every card leaves through renderView and its size check. */
import type { Locale } from "../config/types.js";
import type { View, ViewKind } from "../commands/types.js";
import { checkCardBudget } from "./budget.js";
import { mapCallbackValues, type ButtonValueMap } from "./button-values.js";
import { renderError } from "./error.js";
import type { Card } from "./render.js";
import { renderHelp } from "./views/help.js";
import { renderMeetingDetail } from "./views/meeting-detail.js";
import { renderMeetingList } from "./views/meeting-list.js";
import { renderUsage } from "./views/usage.js";
import { renderPushStats } from "./views/pushstats.js";
import { renderReport } from "./views/report.js";
import { renderRooms } from "./views/rooms.js";
import { renderRoomsPeriod } from "./views/rooms-period.js";
import { renderDigest } from "./views/digest.js";
import { renderDigestList } from "./views/digest-list.js";
import { renderBusy } from "./views/busy.js";
import { renderRefused } from "./views/refused.js";
import { renderWhoami } from "./views/whoami.js";

export type { Card };
export { checkCardBudget, CardBudgetError, MAX_CARD_BYTES, MAX_CARD_ELEMENTS } from "./budget.js";
export { cardToText } from "./text.js";
export { escapeMarkdown, plainText } from "./escape.js";

type Renderers = { [K in ViewKind]: (view: Extract<View, { kind: K }>, locale: Locale) => Card };

/** One renderer per view kind; a new kind without a renderer does not compile. */
const RENDERERS: Renderers = {
  help: renderHelp,
  "meeting-list": renderMeetingList,
  "meeting-detail": renderMeetingDetail,
  error: renderError,
  usage: renderUsage,
  report: renderReport,
  pushstats: renderPushStats,
  rooms: renderRooms,
  "rooms-period": renderRoomsPeriod,
  digest: renderDigest,
  "digest-list": renderDigestList,
  refused: renderRefused,
  busy: renderBusy,
  whoami: renderWhoami,
};

export interface RenderOptions {
  /**
   * What every callback button's value becomes before the card leaves: the bot adds the chat and
   * the issue time and seals it (cards/seal.ts). Without it values stay plain (tests, goldens).
   */
  buttonValues?: ButtonValueMap;
}

export function renderView(view: View, locale: Locale, opts: RenderOptions = {}): Card {
  const render = RENDERERS[view.kind] as (view: View, locale: Locale) => Card;
  const rendered = render(view, locale);
  const card = opts.buttonValues ? mapCallbackValues(rendered, opts.buttonValues) : rendered;
  checkCardBudget(card);
  return card;
}
