/**
 * Reads a client's ack payload: UTF-8 JSON `{code, data?}` (Go's Response also has `headers`),
 * where `data` is base64 of the handler's JSON answer (a card callback's `{toast, card}`).
 */
export type AckPayload = { ok: true; code: number; body: string } | { ok: false; problem: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KNOWN_KEYS = new Set(["code", "data", "headers"]);

export function readAck(payload: Uint8Array | undefined): AckPayload {
  if (!payload || payload.length === 0) return { ok: false, problem: "an ack without payload" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    return { ok: false, problem: "an ack whose payload is not UTF-8 JSON" };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: "an ack whose payload is not a JSON object" };
  }
  const fields = parsed as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) return { ok: false, problem: `an ack payload with unknown field(s) ${unknown.join(", ")}` };
  const { code, data } = fields;
  if (typeof code !== "number" || !Number.isInteger(code)) return { ok: false, problem: "an ack payload without an integer code" };
  if (data === undefined) return { ok: true, code, body: "" };
  if (typeof data !== "string" || !BASE64.test(data)) return { ok: false, problem: "an ack whose data is not base64" };
  const body = Buffer.from(data, "base64").toString("utf8");
  try {
    JSON.parse(body);
  } catch {
    return { ok: false, problem: "an ack whose data is not base64 of JSON" };
  }
  return { ok: true, code, body };
}
