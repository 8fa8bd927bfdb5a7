import { describe, expect, it } from "vitest";
import { CardBudgetError } from "../../src/cards/budget.js";
import { errorView, viewForError } from "../../src/commands/errorView.js";
import { UsageError } from "../../src/commands/usage.js";
import { ConfigError } from "../../src/config/errors.js";
import { ERROR_CODES, errorCodeOf } from "../../src/errors/coded.js";
import { FeishuError } from "../../src/feishu/errors.js";
import { StoreError } from "../../src/store/errors.js";

const feishu = new FeishuError({ code: 121005, msg: "no permission", endpoint: "report_get_daily", httpStatus: 403 });
const usage = new UsageError("rooms", { zh: "「x」不是有效的日期", en: "“x” is not a valid date" });
const usageInfo = { usage: { zh: "/rooms [日期]", en: "/rooms [date]" }, examples: ["/rooms yesterday"] };

describe("coded errors", () => {
  it("give every kind a stable code, and anything else unexpected_error", () => {
    expect(errorCodeOf(feishu)).toBe(ERROR_CODES.feishuApi);
    expect(errorCodeOf(usage)).toBe(ERROR_CODES.usage);
    expect(errorCodeOf(new CardBudgetError("too big", 40_000, 10))).toBe(ERROR_CODES.cardBudget);
    expect(errorCodeOf(new ConfigError(["PORT must be an integer"]))).toBe(ERROR_CODES.config);
    expect(errorCodeOf(new StoreError("store: SQLite /x.db: SQLITE_BUSY: database is locked"))).toBe(ERROR_CODES.store);
    for (const other of [new Error("boom"), "a string", undefined, { errorCode: "usage_error" }]) {
      expect(errorCodeOf(other)).toBe(ERROR_CODES.unexpected);
    }
    // The Feishu kind keeps Feishu's own numeric code beside the stable one.
    expect(feishu.code).toBe(121005);
  });

  it("are turned into views in one place, by code: usage card, Feishu card, busy for the store, internal for the rest", () => {
    expect(viewForError(usage, "en", () => usageInfo)).toEqual({
      kind: "usage",
      command: "rooms",
      problem: "“x” is not a valid date",
      usage: "/rooms [date]",
      examples: ["/rooms yesterday"],
    });
    // Without the command's usage (a digest section), the problem still reaches the reader.
    expect(viewForError(usage, "zh", () => undefined)).toMatchObject({ kind: "error", message: "「x」不是有效的日期" });
    expect(viewForError(feishu, "en", () => usageInfo)).toMatchObject({ kind: "error", message: expect.stringContaining("121005") });
    expect(errorView(new StoreError("store: Redis: Connection is closed."), "en")).toMatchObject({ kind: "error", retryable: true });
    const internal = errorView(new Error("secret stack detail"), "en");
    expect(internal).toMatchObject({ kind: "error", retryable: false });
    expect(JSON.stringify(internal)).not.toContain("secret stack detail");
    expect(errorView(new CardBudgetError("too big", 40_000, 10), "zh")).toEqual(internal.kind === "error" ? errorView(new Error("x"), "zh") : internal);
  });
});
