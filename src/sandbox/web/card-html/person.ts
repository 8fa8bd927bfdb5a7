/** People: the `person` and `person_list` components, table `persons` cells and markdown `<person>`. */
import type { RenderContext } from "./context.js";
import { escapeHtml } from "./html.js";
import { arrayOf, isNode, stringOf, type Node } from "./node.js";

export interface PersonLook {
  showAvatar?: boolean;
  showName?: boolean;
}

/** A chip: the avatar's initial and the name the sandbox knows for the id (else the id itself). */
export function personChip(id: string, names: ReadonlyMap<string, string>, look: PersonLook = {}): string {
  const known = names.get(id);
  const name = known ?? (id === "" ? "?" : id);
  // A chip with neither part would be invisible: Feishu falls back to the name.
  const showName = look.showName !== false || look.showAvatar === false;
  const avatar = look.showAvatar === false ? "" : `<span class="fc-avatar">${escapeHtml(initialOf(name))}</span>`;
  const label = showName ? `<span class="fc-person-name">${escapeHtml(name)}</span>` : "";
  const unknown = known === undefined ? " fc-person--unknown" : "";
  return `<span class="fc-person${unknown}">${avatar}${label}</span>`;
}

function initialOf(name: string): string {
  const first = [...name.trim()][0] ?? "?";
  return first.toUpperCase();
}

/** A person element's or tag's show_avatar / show_name flags (booleans, or "true"/"false" in markdown). */
export function lookOf(source: Node): PersonLook {
  const flag = (value: unknown) => (value === false || value === "false" ? false : value === true || value === "true" ? true : undefined);
  const look: PersonLook = {};
  const avatar = flag(source.show_avatar);
  const name = flag(source.show_name);
  if (avatar !== undefined) look.showAvatar = avatar;
  if (name !== undefined) look.showName = name;
  return look;
}

export function personElement(element: Node, ctx: RenderContext): string {
  return personChip(stringOf(element.user_id), ctx.names, lookOf(element));
}

export function personListElement(element: Node, ctx: RenderContext): string {
  const look = lookOf(element);
  const chips = arrayOf(element.persons).map((person) => personChip(isNode(person) ? stringOf(person.id) : stringOf(person), ctx.names, look));
  ctx.spend(chips.length);
  return `<div class="fc-person-list">${chips.join("")}</div>`;
}
