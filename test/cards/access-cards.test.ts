/** The refusal and busy cards: both languages, every reason, any number of admins, always valid and small. */
import { describe, expect, it } from "vitest";
import type { BusyView, RefusedView } from "../../src/commands/notices.js";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import { MAX_ADMINS_SHOWN } from "../../src/cards/views/refused.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";

const admins = (n: number) => Array.from({ length: n }, (_, i) => `ou_admin_${i}`);
const LOCALES = ["zh", "en"] as const;

const REFUSALS: RefusedView[] = [
  { kind: "refused", reason: "admins", command: "report", admins: admins(2) },
  { kind: "refused", reason: "admins", command: "pushstats", admins: [] },
  { kind: "refused", reason: "admins", command: "rooms", admins: admins(500) },
  { kind: "refused", reason: "chat", chatId: "oc_abc", admins: admins(1) },
  { kind: "refused", reason: "chat", chatId: "oc_<at id=all></at>[x](https://evil.example)", admins: [] },
  { kind: "refused", reason: "admins", command: "digest", sub: "run", admins: admins(1) },
];
const BUSY: BusyView[] = [
  { kind: "busy", reason: "queue-full" },
  { kind: "busy", reason: "rate-limited", retryAfterSeconds: 42, limit: 10 },
  { kind: "busy", reason: "shutting-down" },
];

describe("refusal and busy cards", () => {
  it.each(LOCALES)("are valid JSON 2.0 cards within the budget in %s", (locale) => {
    for (const view of [...REFUSALS, ...BUSY]) {
      const card = renderView(view, locale);
      expect(card.schema).toBe("2.0");
      expect((card.config as { update_multi?: boolean }).update_multi).toBe(true);
      expect(checkCard(card)).toMatchObject({ ok: true });
      const { bytes, elements } = checkCardBudget(card);
      expect(bytes).toBeLessThan(4_000);
      expect(elements).toBeLessThan(10);
    }
  });

  it("names the command and shows the admins as people, at most 20, counting the rest", () => {
    const text = cardToText(renderView(REFUSALS[2]!, "en"));
    expect(text).toContain("Only the bot's administrators may run /rooms.");
    expect(text).toContain(`@ou_admin_${MAX_ADMINS_SHOWN - 1}`);
    expect(text).not.toContain(`@ou_admin_${MAX_ADMINS_SHOWN}`);
    expect(text).toContain(`and ${500 - MAX_ADMINS_SHOWN} more`);
  });

  it("names an admins-only sub-command, says the rest of the command is open, and who sets the admins", () => {
    const view = REFUSALS.find((r) => r.sub === "run")!;
    expect(cardToText(renderView(view, "zh"))).toContain("/digest run 只有机器人的管理员可以使用；/digest 的其他用法不受限制。");
    expect(cardToText(renderView(view, "zh"))).toContain("bot.admins（或环境变量 BOT_ADMINS）");
    const en = cardToText(renderView(view, "en"));
    expect(en).toContain("/digest run is for the bot's administrators only; the rest of /digest is open to you.");
    expect(en).toContain("Administrators are set by whoever runs the bot, under bot.admins in app.yaml (or BOT_ADMINS).");
    expect(en).toContain("@ou_admin_0");
  });

  it("says how to get admins when there are none", () => {
    expect(cardToText(renderView(REFUSALS[1]!, "zh"))).toContain("bot.admins");
  });

  it("tells a chat that is not enabled its id, escaped like any text from outside", () => {
    expect(cardToText(renderView(REFUSALS[3]!, "zh"))).toContain("oc_abc");
    const hostile = JSON.stringify(renderView(REFUSALS[4]!, "zh"));
    expect(hostile).not.toContain("<at id=all>");
    expect(hostile).not.toContain("](https://");
  });

  it("tells the spammer the limit and when they will be heard again", () => {
    expect(cardToText(renderView(BUSY[1]!, "zh"))).toContain("你一分钟内发了超过 10 条命令。接下来 42 秒里的命令我会忽略。");
    expect(cardToText(renderView(BUSY[1]!, "en"))).toContain("more than 10 commands in a minute");
  });

  it("reads well as text", () => {
    expect(cardToText(renderView(REFUSALS[0]!, "zh"))).toBe(
      [
        "【没有权限】",
        "",
        "只有机器人的管理员可以使用 /report。",
        "管理员：",
        "@ou_admin_0, @ou_admin_1",
        "管理员由部署机器人的人在 app.yaml 的 bot.admins（或环境变量 BOT_ADMINS）中设置。",
      ].join("\n"),
    );
    expect(cardToText(renderView(BUSY[0]!, "zh"))).toBe(["【我有点忙】", "", "现在排队的命令太多了，这一条没有处理。", "请稍后再发一次。"].join("\n"));
  });
});
