/** POST /open-apis/auth/v3/tenant_access_token/internal: the self-built app's tenant token. */
import type * as lark from "@larksuiteoapi/node-sdk";
import { errorFromEnvelope, errorFromThrown } from "../errors.js";
import { malformed, text } from "../normalize/read.js";
import type { FetchedToken } from "../token.js";

const ENDPOINT = "tenant_token";

/** Resolves with the token or rejects with a FeishuError naming tenant_token. */
export async function fetchTenantToken(client: lark.Client): Promise<FetchedToken> {
  let body: unknown;
  try {
    // The client sends no token of its own (disableTokenCache), so this call needs none.
    body = await client.auth.v3.tenantAccessToken.internal({
      data: { app_id: client.appId, app_secret: client.appSecret },
    });
  } catch (thrown) {
    throw errorFromThrown(ENDPOINT, thrown);
  }
  const error = errorFromEnvelope(ENDPOINT, body);
  if (error) throw error;
  // This old API answers flat: {code, msg, tenant_access_token, expire}.
  const { tenant_access_token: token, expire } = body as Record<string, unknown>;
  if (text(token) === "") throw malformed(ENDPOINT, "tenant_access_token is missing");
  if (typeof expire !== "number" || !(expire > 0)) throw malformed(ENDPOINT, "expire is missing or not positive");
  return { token: text(token), expireSeconds: expire };
}
