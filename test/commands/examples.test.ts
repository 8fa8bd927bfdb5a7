/**
 * Every example a usage card shows must be accepted on the day it is shown: typed as is, it reads as
 * its own command, its parser and schema take it, and the checks its query makes against the clock
 * (Feishu's 90 days, "not in the future", a configured digest) pass. The examples are made from the
 * bot's clock, so they are checked at several "todays": month ends and starts, a leap day, just before
 * and after push data's 10:00, and a day when New York's clocks go back.
 */
import { describe, expect, it } from "vitest";
import { argsFromText, type ExampleContext } from "../../src/commands/define.js";
import { exampleContext } from "../../src/commands/examples.js";
import { parseCommand } from "../../src/commands/parse.js";
import { listCommands } from "../../src/commands/registry.js";
import type { CommandContext } from "../../src/commands/types.js";
import { UsageError } from "../../src/commands/usage.js";
import type { Config, DigestConfig } from "../../src/config/types.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import { seededTenant } from "../../src/sandbox/emulator/tenant/cache.js";
import { tenantSamples } from "../../src/sandbox/samples.js";
import { testContext, testDeps } from "../helpers/context.js";

/** Any Feishu call ends the query here: whatever the query checks against the clock came before it. */
class ReachedFeishu extends Error {}
const stopAtFeishu: FeishuGateway = new Proxy({} as FeishuGateway, {
  get: () => () => Promise.reject(new ReachedFeishu()),
});

const MORNING: DigestConfig = {
  name: "morning",
  chats: ["oc_digest"],
  cron: "0 9 * * *",
  timezone: "Asia/Shanghai",
  locale: "zh",
  sections: [{ kind: "report" }],
  catchUpMinutes: 0,
};

const TODAYS: readonly { at: string; timeZone: string }[] = [
  { at: "2026-03-01T00:05:00+08:00", timeZone: "Asia/Shanghai" },
  { at: "2026-03-31T23:55:00+08:00", timeZone: "Asia/Shanghai" },
  { at: "2024-02-29T12:00:00+08:00", timeZone: "Asia/Shanghai" },
  { at: "2027-01-01T09:59:00+08:00", timeZone: "Asia/Shanghai" },
  { at: "2027-01-01T10:01:00+08:00", timeZone: "Asia/Shanghai" },
  { at: "2026-11-01T01:30:00-04:00", timeZone: "America/New_York" },
  { at: "2026-05-31T20:00:00-04:00", timeZone: "America/New_York" },
];

function contextAt(now: number, timeZone: string, sandbox?: Config["sandbox"]): CommandContext {
  const base = testDeps().config;
  const config: Config = {
    ...base,
    bot: { ...base.bot, timezone: timeZone },
    digests: [{ ...MORNING, timezone: timeZone }],
    ...(sandbox ? { sandbox } : {}),
  };
  return testContext({ locale: "en", deps: testDeps({ config, now: () => now, gateway: stopAtFeishu }) });
}

/** Why `example` would be refused at ctx's now, or undefined when it is accepted. */
async function refusal(example: string, expected: string, ctx: CommandContext): Promise<string | undefined> {
  const parsed = parseCommand(example);
  if (parsed.name !== expected) return `reads as ${String(parsed.name)}, not ${expected}`;
  const command = listCommands().find((c) => c.name === expected)!;
  const clock = { now: ctx.deps.now(), timeZone: ctx.deps.config.bot.timezone };
  try {
    const args: unknown = argsFromText(command, parsed.args, clock);
    await command.query(args, ctx);
  } catch (error) {
    if (error instanceof ReachedFeishu) return undefined;
    if (error instanceof UsageError) return error.problem.en;
    throw error;
  }
  return undefined;
}

async function refusedExamples(ctx: CommandContext): Promise<{ example: string; refused: string }[]> {
  const at: ExampleContext = exampleContext(ctx.deps);
  const refused: { example: string; refused: string }[] = [];
  for (const command of listCommands()) {
    const examples = command.help.examples(at);
    expect(examples.length, `${command.name} shows examples`).toBeGreaterThan(0);
    for (const example of examples) {
      const why = await refusal(example, command.name, ctx);
      if (why !== undefined) refused.push({ example, refused: why });
    }
  }
  return refused;
}

describe("usage examples", () => {
  it.each(TODAYS)("are each accepted by their own command at $at ($timeZone)", async ({ at, timeZone }) => {
    expect(await refusedExamples(contextAt(Date.parse(at), timeZone))).toEqual([]);
  });

  it("in the sandbox, name the tenant's data and are accepted from the day it was made until weeks later", async () => {
    const timeZone = "Asia/Shanghai";
    const start = Date.parse("2026-03-01T15:00:00+08:00");
    const samples = tenantSamples(seededTenant({ seed: 1, today: "2026-03-01", timezone: timeZone }));
    for (const later of [0, 1, 20, 45]) {
      const ctx = contextAt(start + later * 86_400_000, timeZone, samples);
      expect(await refusedExamples(ctx), `${later} days on`).toEqual([]);
    }
    const shown = listCommands().flatMap((command) => command.help.examples(exampleContext(contextAt(start, timeZone, samples).deps)));
    expect(shown).toContain(`/meeting ${samples.meetingNumbers[0]}`);
    expect(shown).toContain(`/meeting ${samples.meetingId}`);
    expect(shown.some((example) => example.startsWith(`/rooms ${samples.busyDay}`))).toBe(true);
  });

  it("are made from the clock: no fixed date ages out of Feishu's 90 days", () => {
    const at = (iso: string) => exampleContext(contextAt(Date.parse(iso), "Asia/Shanghai").deps);
    const report = listCommands().find((c) => c.name === "report")!;
    expect(report.help.examples(at("2026-03-15T12:00:00+08:00"))).toContain("/report 2026-02-01..2026-02-28");
    expect(report.help.examples(at("2026-12-03T12:00:00+08:00"))).toContain("/report 2026-11-01..2026-11-30");
  });

  it("offer a preview only of a digest that is configured", () => {
    const digest = listCommands().find((c) => c.name === "digest")!;
    const ctx = contextAt(Date.parse("2026-03-15T12:00:00+08:00"), "Asia/Shanghai");
    expect(digest.help.examples(exampleContext(ctx.deps))).toEqual(["/digest", "/digest run morning"]);
    const none = { ...ctx.deps, config: { ...ctx.deps.config, digests: [] } };
    expect(digest.help.examples(exampleContext(none))).toEqual(["/digest"]);
  });
});
