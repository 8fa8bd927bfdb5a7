import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pushStatsArgs } from "../../../src/commands/pushstats/args.js";
import { buildPushStatsView, NO_PUSHES, planPush } from "../../../src/commands/pushstats/build.js";
import type { PushStatsView } from "../../../src/commands/pushstats/types.js";
import type { PushOverview } from "../../../src/feishu/types.js";

const days = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const departments = fc.oneof(
  fc.constant(undefined),
  fc.stringMatching(/^od-[0-9a-f]{32}$/).map((id) => ({ id, idType: "open_department_id" as const })),
  fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/).filter((id) => !/^od-/i.test(id)).map((id) => ({ id, idType: "department_id" as const })),
);

function buttons(view: PushStatsView) {
  return [view.nav.prev, view.nav.next, view.nav.latest, ...view.nav.cycles.map((c) => c.value)].filter((b) => b !== undefined);
}

describe("/pushstats buttons", () => {
  it("ask only for arguments the schema accepts, with the department kept, whatever the period", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("day" as const, "week" as const, "month" as const),
        fc.option(days, { nil: undefined }),
        days,
        departments,
        fc.constantFrom<PushOverview | typeof NO_PUSHES | undefined>(undefined, NO_PUSHES, { sentMessages: 3, reachedUsers: 2, readWithin1h: 1, readWithin12h: 2 }),
        (cycle, date, latest, department, overview) => {
          const args = pushStatsArgs.parse({ cycle, ...(date ? { date } : {}), ...(department ? { department } : {}) });
          const plan = planPush(args, latest);
          const view = buildPushStatsView(plan, plan.hasData ? overview : undefined, { timeZone: "Asia/Shanghai" });
          for (const button of buttons(view)) {
            expect(button.cmd).toBe("pushstats");
            expect(pushStatsArgs.parse(button.args)).toEqual(button.args);
            if (button.cmd !== "pushstats") continue;
            expect(button.args.department).toEqual(department);
            expect(button.args.date).toBeDefined();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
