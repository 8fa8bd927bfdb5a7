/**
 * A Feishu card (JSON 2.0, as the bot sends it) → the HTML the sandbox's web console shows. Pure and
 * never throwing: whatever the card holds is data, escaped on its way out (see html.ts), and a card
 * that cannot be drawn becomes a small block saying so.
 */
import { chartHtml } from "./chart.js";
import { markdownElement, plainElement, textTagElement } from "./content.js";
import { CardNotDrawable, MAX_BUDGET, MAX_DEPTH, type RenderContext } from "./context.js";
import { DEFAULT_TIME_ZONE } from "./dates.js";
import { headerHtml } from "./header.js";
import { escapeHtml } from "./html.js";
import { buttonHtml, datePickerHtml, selectHtml } from "./interactive.js";
import { columnSetHtml, containerHtml, hrHtml, panelHtml } from "./layout.js";
import { arrayOf, isNode, type Node } from "./node.js";
import { personElement, personListElement } from "./person.js";
import { tableHtml } from "./table.js";

export interface CardHtmlOptions {
  /** open_id → display name. */
  names: ReadonlyMap<string, string>;
  /** The zone dates are shown in: the tenant's (default Asia/Shanghai). */
  timeZone?: string;
}

export const BROKEN_CARD_HTML = `<div class="fc-card fc-card--broken">This card could not be drawn.</div>`;

export function cardToHtml(card: unknown, options: CardHtmlOptions): string {
  try {
    if (!isNode(card) || !isNode(card.body)) return BROKEN_CARD_HTML;
    const ctx = context(options.names, options.timeZone ?? DEFAULT_TIME_ZONE, { left: MAX_BUDGET }, 0);
    return `<div class="fc-card">${headerHtml(card.header, ctx)}<div class="fc-body">${elementsHtml(card.body.elements, ctx)}</div></div>`;
  } catch {
    // CardNotDrawable (too deep, too large) or anything a hostile object (a throwing getter) raises.
    return BROKEN_CARD_HTML;
  }
}

function context(names: ReadonlyMap<string, string>, timeZone: string, budget: { left: number }, depth: number): RenderContext {
  if (depth > MAX_DEPTH) throw new CardNotDrawable(`nested deeper than ${MAX_DEPTH}`);
  return {
    names,
    timeZone,
    depth,
    spend(units) {
      budget.left -= units;
      if (budget.left < 0) throw new CardNotDrawable("too large");
    },
    children(elements) {
      return elementsHtml(elements, context(names, timeZone, budget, depth + 1));
    },
  };
}

function elementsHtml(elements: unknown, ctx: RenderContext): string {
  return arrayOf(elements)
    .map((element) => elementHtml(element, ctx))
    .join("");
}

type Renderer = (element: Node, ctx: RenderContext) => string;

const RENDERERS: Readonly<Record<string, Renderer>> = {
  markdown: markdownElement,
  div: plainElement,
  plain_text: plainElement,
  text_tag: textTagElement,
  hr: hrHtml,
  column_set: columnSetHtml,
  collapsible_panel: panelHtml,
  form: containerHtml,
  interactive_container: containerHtml,
  table: tableHtml,
  chart: chartHtml,
  person: personElement,
  person_list: personListElement,
  button: buttonHtml,
  date_picker: datePickerHtml,
  select_static: selectHtml,
};

function elementHtml(element: unknown, ctx: RenderContext): string {
  ctx.spend(1);
  const tag = isNode(element) && typeof element.tag === "string" ? element.tag : "";
  const render = Object.hasOwn(RENDERERS, tag) ? RENDERERS[tag] : undefined;
  if (render === undefined || !isNode(element)) return unknownHtml(tag);
  return render(element, ctx);
}

/** Never dropped silently: the console should show that something was there. */
function unknownHtml(tag: string): string {
  return `<div class="fc-unknown">[${escapeHtml(tag.slice(0, 40) || "?")}]</div>`;
}
