/** A probe's failure → how its command stands, in the self-check report's words. */
import {
  FeishuError,
  HTTP_ERROR_CODE,
  NETWORK_ERROR_CODE,
  SCOPE_MISSING_CODE,
  UNEXPECTED_ERROR_CODE,
  VC_NO_PERMISSION_CODE,
} from "../feishu/index.js";
import type { CommandStatus } from "./selfcheck-report.js";

/** The token endpoint refusing the app id (10003, "invalid param") or the secret (10014). */
export const CREDENTIAL_CODES: ReadonlySet<number> = new Set([10003, 10014]);

/** The scopes Feishu's message names, in order; `expected` when it names none. */
export function scopesIn(message: string, expected: string): string[] {
  const list = /\[([^\]]*)\]/.exec(message)?.[1];
  const scopes = (list ?? "").split(/[,\s]+/).filter((scope) => /^[\w.:-]+$/.test(scope));
  return scopes.length > 0 ? scopes : [expected];
}

/** `expected`: the scope the probed endpoint needs. */
export function statusOf(error: unknown, expected: string): CommandStatus {
  if (!(error instanceof FeishuError)) return { state: "refused", code: UNEXPECTED_ERROR_CODE, message: String(error instanceof Error ? error.message : error) };
  if (error.code === SCOPE_MISSING_CODE) return { state: "missing-scope", scopes: scopesIn(error.feishuMsg, expected) };
  if (error.code === VC_NO_PERMISSION_CODE) return { state: "no-vc-permission" };
  const unreachable = error.code === NETWORK_ERROR_CODE || error.code === HTTP_ERROR_CODE || (error.httpStatus !== undefined && error.httpStatus >= 500);
  return { state: unreachable ? "unreachable" : "refused", code: error.code, message: error.feishuMsg };
}
