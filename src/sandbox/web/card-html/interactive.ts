/**
 * Components a person acts on: `button`, `date_picker`, `select_static`. The callback behaviour's
 * value goes, as JSON, into `data-fc-callback`; the page posts it back as Feishu's client would.
 */
import type { RenderContext } from "./context.js";
import { attr, classAttr, escapeHtml, jsonAttr } from "./html.js";
import { arrayOf, clampInt, contentOf, isNode, oneOf, stringOf, type Node } from "./node.js";
import { safeHttpUrl } from "./url.js";

const BUTTON_TYPES = ["default", "primary", "danger", "text", "primary_text", "danger_text", "primary_filled", "danger_filled", "laser"] as const;
const BUTTON_SIZES = ["tiny", "small", "medium", "large"] as const;

/** The first behaviour of the type; `value` of a callback, the URL of an open_url. */
function behaviour(element: Node, type: "callback" | "open_url"): Node | undefined {
  return arrayOf(element.behaviors).find((b): b is Node => isNode(b) && b.type === type);
}

function callbackAttr(element: Node): string {
  const callback = behaviour(element, "callback");
  return callback === undefined ? "" : jsonAttr("data-fc-callback", callback.value);
}

/** `{title, text}` of a confirm dialog, for the page to ask before it posts. */
function confirmAttr(element: Node): string {
  if (!isNode(element.confirm)) return "";
  return jsonAttr("data-fc-confirm", { title: contentOf(element.confirm.title), text: contentOf(element.confirm.text) });
}

const disabledAttr = (element: Node) => (element.disabled === true ? " disabled" : "");

export function buttonHtml(element: Node, ctx: RenderContext): string {
  const label = escapeHtml(contentOf(element.text));
  ctx.spend(label.length);
  const size = oneOf(element.size, BUTTON_SIZES);
  const classes = classAttr(
    "fc-button",
    `fc-button--${oneOf(element.type, BUTTON_TYPES) ?? "default"}`,
    size && `fc-size--${size}`,
    element.width === "fill" && "fc-button--fill",
  );
  const link = behaviour(element, "open_url");
  const href = link && safeHttpUrl(link.default_url ?? link.pc_url ?? link.url);
  if (behaviour(element, "callback") === undefined && href !== undefined && element.disabled !== true) {
    return `<a${classes}${attr("href", href)} target="_blank" rel="noopener noreferrer">${label}</a>`;
  }
  return `<button type="button"${classes}${callbackAttr(element)}${confirmAttr(element)}${disabledAttr(element)}>${label}</button>`;
}

export function datePickerHtml(element: Node): string {
  const initial = stringOf(element.initial_date);
  const value = /^\d{4}-\d{2}-\d{2}$/.test(initial) ? initial : undefined;
  return `<input type="date" class="fc-date-picker"${callbackAttr(element)}${confirmAttr(element)}${attr("value", value)}${attr("placeholder", contentOf(element.placeholder) || undefined)}${disabledAttr(element)}>`;
}

export function selectHtml(element: Node, ctx: RenderContext): string {
  const options = arrayOf(element.options).filter(isNode);
  ctx.spend(options.length);
  const values = options.map((option) => stringOf(option.value));
  const initial = stringOf(element.initial_option);
  // initial_index counts from 1 (card-v2-select-static.md); initial_option names a value.
  const chosen = initial !== "" ? values.indexOf(initial) : element.initial_index === undefined ? -1 : clampInt(element.initial_index, 0, values.length, 0) - 1;
  const placeholder = chosen < 0 ? `<option value="" disabled selected>${escapeHtml(contentOf(element.placeholder))}</option>` : "";
  const items = options
    .map((option, i) => `<option${attr("value", values[i])}${i === chosen ? " selected" : ""}>${escapeHtml(contentOf(option.text))}</option>`)
    .join("");
  return `<select class="fc-select"${callbackAttr(element)}${confirmAttr(element)}${disabledAttr(element)}>${placeholder}${items}</select>`;
}
