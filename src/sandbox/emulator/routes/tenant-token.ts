/** POST /open-apis/auth/v3/tenant_access_token/internal: a self-built app's tenant token. */
import { CODES, feishuError } from "../errors.js";
import type { GatewayRoute } from "../gateway/gateway.js";
import type { TenantTokens } from "../gateway/tokens.js";
import type { RouteDeps } from "./deps.js";

export function tenantTokenRoute(deps: RouteDeps, tokens: TenantTokens): GatewayRoute<"tenant_token"> {
  return {
    name: "tenant_token",
    auth: false,
    envelope: "flat",
    // Business failures of this endpoint, missing fields included, come back as HTTP 200 with a non-zero code.
    invalid: () => feishuError(CODES.invalidParam),
    handler: (_req, { body }) => {
      if (body.app_id !== deps.appId) return { error: feishuError(CODES.invalidParam) };
      if (body.app_secret !== deps.appSecret) return { error: feishuError(CODES.appSecretInvalid) };
      const { token, expire } = tokens.issue();
      return { data: { tenant_access_token: token, expire } };
    },
  };
}
