/** Reading untrusted card JSON: every accessor accepts any value and never throws. */
export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

export function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A text object's content, falling back to its first translation (i18n_content). */
export function contentOf(text: unknown): string {
  if (typeof text === "string") return text;
  if (!isNode(text)) return "";
  if (typeof text.content === "string") return text.content;
  const i18n = isNode(text.i18n_content) ? text.i18n_content : undefined;
  const first = i18n ? (i18n.zh_cn ?? Object.values(i18n).find((value) => typeof value === "string")) : undefined;
  return typeof first === "string" ? first : "";
}

/** An integer within [min, max], or the fallback when the value is not a finite number. */
export function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? Math.min(max, Math.max(min, Math.trunc(number))) : fallback;
}

/** The value when it is one of the allowed strings, else undefined: for names that become class names. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return typeof value === "string" && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}
