/** The outer layer of a webhook body: plain JSON, or `{"encrypt": "..."}` to decrypt first. */
export type OuterBody =
  | { ok: true; kind: "plain"; payload: Record<string, unknown> }
  | { ok: true; kind: "encrypted"; ciphertext: string }
  | { ok: false; reason: string };

/** Parses the raw bytes as a JSON object; never throws (deep nesting included). */
export function parseJsonObject(raw: Buffer | string): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === "string" ? raw : raw.toString("utf8"));
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  if (!isPlainObject(value)) return { ok: false, reason: "body is not a JSON object" };
  return { ok: true, value };
}

/** Tells an encrypted body from a plain one. Keys beside `encrypt` are ignored, as Feishu sends none. */
export function readOuterBody(raw: Buffer): OuterBody {
  const parsed = parseJsonObject(raw);
  if (!parsed.ok) return parsed;
  if (!Object.hasOwn(parsed.value, "encrypt")) return { ok: true, kind: "plain", payload: parsed.value };
  const ciphertext = parsed.value.encrypt;
  if (typeof ciphertext !== "string" || ciphertext === "") return { ok: false, reason: "encrypt is not a non-empty string" };
  return { ok: true, kind: "encrypted", ciphertext };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
