import { describe, expect, it } from "vitest";
import { ENDPOINT_ERROR_TEXTS, ERROR_TEXTS } from "../../src/commands/errorTexts.js";
import { errorView } from "../../src/commands/errorView.js";
import { renderView } from "../../src/cards/index.js";
import { FeishuError, NETWORK_ERROR_CODE } from "../../src/feishu/errors.js";
import type { FeishuEndpoint } from "../../src/feishu/types.js";

const feishuError = (code: number, endpoint: FeishuEndpoint = "meeting_get", httpStatus = 400, extra: object = {}) =>
  new FeishuError({ code, msg: "feishu says no", endpoint, httpStatus, ...extra });

// Every error code documented on the five API pages, plus token and rate-limit codes.
const DOCUMENTED = [121001, 121002, 121003, 121004, 121005, 126005, 126006, 211004, 211005, 211007, 211010, 211011, 99991400, 99991661, 99991663, 99991672];

describe("errorView", () => {
  it.each(DOCUMENTED)("gives code %i its own explanation in both languages", (code) => {
    expect(ERROR_TEXTS[code]).toBeDefined();
    for (const locale of ["zh", "en"] as const) {
      // An endpoint with no words of its own for any code.
      const view = errorView(feishuError(code, "meeting_list_by_no"), locale);
      expect(view.title).toBe(ERROR_TEXTS[code]![locale].title);
      expect(view.message).toContain(String(code));
      const card = renderView(view, locale);
      expect(JSON.stringify(card)).toContain(ERROR_TEXTS[code]![locale].title);
    }
  });

  it("names the missing scope for the endpoint that needed it", () => {
    expect(errorView(feishuError(99991672, "reservation_list"), "en").hint).toContain("vc:room:readonly");
    expect(errorView(feishuError(99991672, "push_overview"), "zh").message).toContain(
      "application:application.app_message_stats.overview:readonly",
    );
  });

  it("tells the user how long to wait when rate limited", () => {
    const view = errorView(feishuError(99991400, "meeting_list_by_no", 429, { rateLimitResetSeconds: 17 }), "en");
    expect(view.hint).toContain("17 seconds");
    expect(view.retryable).toBe(true);
  });

  it("says a meeting get's 121005 may be a meeting outside the bot's reach as well as a missing permission", () => {
    for (const locale of ["zh", "en"] as const) {
      const view = errorView(feishuError(121005, "meeting_get", 403), locale);
      expect(view.title).toBe(ENDPOINT_ERROR_TEXTS.meeting_get![121005]![locale].title);
      expect(view.title).not.toBe(ERROR_TEXTS[121005]![locale].title);
      expect(view.message).toContain("121005");
    }
    const en = errorView(feishuError(121005, "meeting_get", 403), "en");
    expect(en.message).toMatch(/lacks the meeting-management permission/);
    expect(en.message).toMatch(/not your organisation's/);
    expect(en.hint).toMatch(/admin console/);
    // From the other VC endpoints it stays the permission card.
    expect(errorView(feishuError(121005, "meeting_list_by_no", 403), "en").title).toBe(ERROR_TEXTS[121005]!.en.title);
  });

  it("no longer blames another organisation for a 121004 (that is 121005's case)", () => {
    expect(errorView(feishuError(121004, "meeting_get", 404), "en").message).not.toMatch(/organisation/);
    expect(errorView(feishuError(121004, "meeting_get", 404), "zh").message).not.toContain("企业");
    expect(errorView(feishuError(121004, "reservation_list"), "en").title).toBe(ERROR_TEXTS[121003]!.en.title);
  });

  it("names the configured room level when Feishu says it does not exist, and the room scope when it is missing", () => {
    for (const endpoint of ["room_list", "room_level_list"] as const) {
      expect(errorView(feishuError(121004, endpoint, 404), "en").message).toMatch(/rooms\.room_level_id/);
      expect(errorView(feishuError(99991672, endpoint), "en").message).toContain("vc:room:readonly");
    }
  });

  it("points at the admin console for the VC permission", () => {
    expect(errorView(feishuError(121005, "report_get_daily", 403), "en").hint).toMatch(/admin console/);
  });

  it("covers failures with no Feishu code: unreachable, bare 5xx, and bugs", () => {
    const unreachable = errorView(feishuError(NETWORK_ERROR_CODE, "meeting_get", undefined as unknown as number), "en");
    expect(unreachable.title).toBe("Feishu did not answer");
    expect(errorView(feishuError(-3, "meeting_get", 502), "en").title).toBe("Feishu is busy");
    const bug = errorView(new TypeError("x is undefined"), "en");
    expect(bug.title).toBe("Something went wrong");
    expect(JSON.stringify(bug)).not.toContain("x is undefined");
  });

  it("escapes Feishu's message when it reaches the card", () => {
    const view = errorView(new FeishuError({ code: 121003, msg: "<at id=all></at> [x](http://e.vil)", endpoint: "meeting_get", httpStatus: 400 }), "en");
    const card = JSON.stringify(renderView(view, "en"));
    expect(card).not.toContain("<at id=all>");
    expect(card).not.toContain("](http");
  });
});
