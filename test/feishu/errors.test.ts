import { describe, expect, it } from "vitest";
import {
  FeishuError,
  HTTP_ERROR_CODE,
  MALFORMED_RESPONSE_CODE,
  NETWORK_ERROR_CODE,
  UNEXPECTED_ERROR_CODE,
  errorFromEnvelope,
  errorFromThrown,
  scrubSecrets,
} from "../../src/feishu/errors.js";

/** The shape axios throws, as far as the conversion reads it. */
function axiosError(opts: {
  status?: number;
  data?: unknown;
  headers?: Record<string, string>;
  code?: string;
  url?: string;
  message?: string;
}) {
  return Object.assign(new Error(opts.message ?? "Request failed"), {
    isAxiosError: true,
    code: opts.code,
    config: { url: opts.url ?? "http://127.0.0.1/open-apis/vc/v1/meetings/1" },
    response: opts.status === undefined ? undefined : { status: opts.status, data: opts.data, headers: opts.headers ?? {} },
  });
}

describe("errorFromEnvelope (HTTP 200 answers)", () => {
  it("returns nothing for code 0", () => {
    expect(errorFromEnvelope("meeting_get", { code: 0, msg: "success", data: {} })).toBeUndefined();
  });

  it("turns a non-zero code into a FeishuError with HTTP 200", () => {
    const e = errorFromEnvelope("meeting_get", { code: 121004, msg: "data not exist", error: { log_id: "L1" } })!;
    expect(e).toBeInstanceOf(FeishuError);
    expect(e).toMatchObject({ code: 121004, httpStatus: 200, endpoint: "meeting_get", retryable: false, logId: "L1" });
    expect(e.message).toContain("data not exist");
  });

  it.each([
    [121001, true],
    [99991400, true],
    [230020, true],
    [121003, false],
    [230001, false],
    [121005, false],
    [99991672, false],
  ])("code %i is retryable: %s", (code, retryable) => {
    expect(errorFromEnvelope("report_get_daily", { code, msg: "x" })!.retryable).toBe(retryable);
  });

  it("marks 99991663 as a token to refresh, not as a plain retry", () => {
    const e = errorFromEnvelope("meeting_get", { code: 99991663, msg: "Invalid access token" })!;
    expect(e.tokenExpired).toBe(true);
    expect(e.retryable).toBe(false);
    expect(errorFromEnvelope("meeting_get", { code: 121004, msg: "" })!.tokenExpired).toBe(false);
  });

  it("reads a body that is not an envelope as malformed", () => {
    expect(errorFromEnvelope("bot_info", "<html>")!.code).toBe(MALFORMED_RESPONSE_CODE);
    expect(errorFromEnvelope("bot_info", { msg: "no code" })!.code).toBe(MALFORMED_RESPONSE_CODE);
  });
});

describe("errorFromThrown (HTTP errors and no answer at all)", () => {
  it("reads Feishu's code from a 4xx body", () => {
    const e = errorFromThrown("meeting_get", axiosError({ status: 404, data: { code: 121004, msg: "data not exist" } }));
    expect(e).toMatchObject({ code: 121004, httpStatus: 404, retryable: false, endpoint: "meeting_get" });
  });

  it("treats any 5xx as retryable", () => {
    const e = errorFromThrown("meeting_get", axiosError({ status: 500, data: { code: 121001, msg: "internal error" } }));
    expect(e).toMatchObject({ code: 121001, httpStatus: 500, retryable: true });
    const bare = errorFromThrown("meeting_get", axiosError({ status: 502, data: "<html>bad gateway</html>" }));
    expect(bare).toMatchObject({ code: HTTP_ERROR_CODE, httpStatus: 502, retryable: true });
  });

  it("reads the rate-limit reset header and log id of a 429", () => {
    const e = errorFromThrown(
      "push_overview",
      axiosError({
        status: 429,
        data: { code: 99991400, msg: "request trigger frequency limit" },
        headers: { "x-ogw-ratelimit-reset": "52", "x-tt-logid": "LOG42" },
      }),
    );
    expect(e).toMatchObject({ code: 99991400, httpStatus: 429, retryable: true, rateLimitResetSeconds: 52, logId: "LOG42" });
  });

  it("reads headers from axios's AxiosHeaders-like objects too", () => {
    const headers = { get: (name: string) => (name === "x-ogw-ratelimit-reset" ? "7" : undefined) };
    const error = axiosError({ status: 400, data: { code: 99991400, msg: "limit" } });
    (error.response as { headers: unknown }).headers = headers;
    expect(errorFromThrown("reservation_list", error)).toMatchObject({ rateLimitResetSeconds: 7, retryable: true });
  });

  it.each(["ECONNREFUSED", "ECONNABORTED", "ETIMEDOUT", "ENOTFOUND"])("treats %s without a response as retryable", (code) => {
    const e = errorFromThrown("meeting_get", axiosError({ code, message: `connect ${code}` }));
    expect(e).toMatchObject({ code: NETWORK_ERROR_CODE, httpStatus: undefined, retryable: true, endpoint: "meeting_get" });
  });

  it("names the token endpoint when the token fetch is what failed", () => {
    const e = errorFromThrown(
      "meeting_get",
      axiosError({ status: 400, data: { code: 10014, msg: "app secret invalid" }, url: "http://x/open-apis/auth/v3/tenant_access_token/internal" }),
    );
    expect(e).toMatchObject({ code: 10014, endpoint: "tenant_token", retryable: false });
  });

  it("reads the SDK's own error for a token answer with code ≠ 0", () => {
    const e = errorFromThrown("meeting_get", new Error("failed to get tenant_access_token, code: 10003, msg: invalid param"));
    expect(e).toMatchObject({ code: 10003, endpoint: "tenant_token", httpStatus: 200, retryable: false });
  });

  it("passes a FeishuError through and marks anything else as unexpected", () => {
    const original = new FeishuError({ code: 1, msg: "m", endpoint: "bot_info", httpStatus: 200 });
    expect(errorFromThrown("meeting_get", original)).toBe(original);
    expect(errorFromThrown("meeting_get", new TypeError("boom"))).toMatchObject({
      code: UNEXPECTED_ERROR_CODE,
      retryable: false,
    });
  });
});

describe("messages never carry a token or secret", () => {
  it("scrubs bearer tokens, tenant tokens and app_secret values", () => {
    const text = 'Bearer t-g1044ghJRUIJJ5ELPPMRLWHOIIJ3DKN2KRAS7UPH x {"app_secret":"s3cr3tValue"} u-abcdefghijk';
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toMatch(/t-g1044|s3cr3tValue|u-abcdefghijk/);
  });

  it("applies the scrubbing to the FeishuError message", () => {
    const e = errorFromEnvelope("meeting_get", { code: 99991663, msg: "token t-g1044ghJRUIJJ5ELPPMRLWHOIIJ3 is invalid" })!;
    expect(e.message).not.toContain("t-g1044ghJRUIJJ5ELPPMRLWHOIIJ3");
  });
});
