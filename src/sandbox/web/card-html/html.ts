/**
 * The one place that turns untrusted card text into HTML. Every character that can end a text run
 * or an attribute value (`& < > " '`) becomes an entity, so the same function serves both.
 */
const SPECIAL = /[&<>"']/g;
const ENTITY: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (ch) => ENTITY[ch] ?? ch);
}

/** Text with its line breaks shown as `<br>`. */
export function escapeLines(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

/** ` name="value"`, the value escaped; nothing when the value is undefined. */
export function attr(name: string, value: string | number | undefined): string {
  return value === undefined ? "" : ` ${name}="${escapeHtml(String(value))}"`;
}

/** ` name="{json}"`: a value the page reads back with JSON.parse(element.dataset…). */
export function jsonAttr(name: string, value: unknown): string {
  return attr(name, JSON.stringify(value === undefined ? null : value));
}

/** `class="a b"` from the names that are not empty (names come from allow-lists, never from the card). */
export function classAttr(...names: (string | false | undefined)[]): string {
  return attr("class", names.filter((name): name is string => typeof name === "string" && name !== "").join(" "));
}
