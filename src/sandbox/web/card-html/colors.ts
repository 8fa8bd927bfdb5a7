/**
 * Feishu's named colours as CSS class names. A card's colour is only ever looked up in these lists:
 * nothing the card says reaches a style attribute, and an unknown name gets the neutral class.
 */
import { oneOf } from "./node.js";

/** card-v2-header.md, `template`. */
export const HEADER_TEMPLATES = [
  "blue", "wathet", "turquoise", "green", "yellow", "orange", "red",
  "carmine", "violet", "purple", "indigo", "grey", "default",
] as const;

/** card-v2-header.md and card-v2-markdown.md, `text_tag` colours. */
export const TAG_COLORS = [
  "neutral", "blue", "turquoise", "lime", "orange", "violet", "indigo",
  "wathet", "green", "yellow", "red", "purple", "carmine",
] as const;

/** card-colors.md: the hues; each also comes in the shades below (grey in a few more). */
export const HUES = [
  "blue", "carmine", "green", "indigo", "lime", "grey", "orange",
  "purple", "red", "sunflower", "turquoise", "violet", "wathet", "yellow",
] as const;
const SHADES = ["50", "100", "200", "300", "350", "400", "500", "600", "700", "800", "900"];
const GREY_SHADES = ["00", "650", "950", "1000"];

/** `header.template` → `fc-header--{template}`, `default` when unknown. */
export function headerClass(template: unknown): string {
  return `fc-header--${oneOf(template, HEADER_TEMPLATES) ?? "default"}`;
}

/** A text tag's colour class; Feishu's default is blue, an unknown name is neutral. */
export function tagClass(color: unknown): string {
  if (color === undefined || color === null || color === "") return "fc-text-tag--blue";
  return `fc-text-tag--${oneOf(color, TAG_COLORS) ?? "neutral"}`;
}

/**
 * A text colour (`<font color>`, `text_color`): `fc-font--red`, or for a shade both the hue and
 * the shade (`fc-font--red fc-font--red-500`) so a style sheet that knows only the hues still
 * colours it. Unknown names and RGBA custom colours get `fc-font--default`.
 */
export function fontClasses(color: unknown): string {
  const shade = paletteShade(color);
  if (shade === undefined) return "fc-font--default";
  return shade.shade === "" ? `fc-font--${shade.hue}` : `fc-font--${shade.hue} fc-font--${shade.hue}-${shade.shade}`;
}

function paletteShade(color: unknown): { hue: string; shade: string } | undefined {
  if (typeof color !== "string") return undefined;
  const match = /^([a-z]+)(?:-(\d{2,4}))?$/.exec(color);
  const hue = oneOf(match?.[1], HUES);
  if (match === null || hue === undefined) return undefined;
  const shade = match[2] ?? "";
  const shades = hue === "grey" ? [...SHADES, ...GREY_SHADES] : SHADES;
  return shade === "" || shades.includes(shade) ? { hue, shade } : undefined;
}
