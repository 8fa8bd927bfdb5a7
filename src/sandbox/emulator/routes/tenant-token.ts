/** POST /open-apis/auth/v3/tenant_access_token/internal: a self-built app's tenant token. */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { TenantTokens } from "../gateway/tokens.js";
import type { RouteDeps } from "./deps.js";

export function tenantTokenRoute(deps: RouteDeps, tokens: TenantTokens): GatewayRoute {
  return {
    name: "tenant_token",
    method: "POST",
    path: "/open-apis/auth/v3/tenant_access_token/internal",
    auth: false,
    envelope: "flat",
    handler: (req) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const appId = typeof body.app_id === "string" ? body.app_id : "";
      const appSecret = typeof body.app_secret === "string" ? body.app_secret : "";
      // Business failures of this endpoint come back as HTTP 200 with a non-zero code.
      if (!appId || !appSecret || appId !== deps.appId) return { error: feishuError(CODES.invalidParam) };
      if (appSecret !== deps.appSecret) return { error: feishuError(CODES.appSecretInvalid) };
      const { token, expire } = tokens.issue();
      return { data: { tenant_access_token: token, expire } };
    },
  };
}
