import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPushStatsView, NO_PUSHES, planPush, type NameLookup } from "../../src/commands/pushstats/build.js";
import type { PushStatsArgs } from "../../src/commands/pushstats/args.js";
import type { PushStatsView } from "../../src/commands/pushstats/types.js";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import type { PushOverview } from "../../src/feishu/types.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { readGolden } from "./golden.js";
import { activeConstructs, DANGEROUS_FRAGMENTS } from "./markdown-checker.js";

const LATEST = "2024-06-10";
const OVERVIEW: PushOverview = { sentMessages: 1234, reachedUsers: 456, readWithin1h: 700, readWithin12h: 1000 };

/** The view the command builds: the overview only when the period has data (pending periods are never fetched). */
function view(args: PushStatsArgs, overview: PushOverview = OVERVIEW): PushStatsView {
  const plan = planPush(args, LATEST);
  return buildPushStatsView(plan, plan.hasData ? overview : undefined, { timeZone: "Asia/Shanghai" });
}

const dayView = () => view({});
const movedWeek = () =>
  view({ cycle: "week", date: "2024-06-05", department: { id: "od-4e6ac4d14bcd5071a37a39de902c7141", idType: "open_department_id" } });
const pendingDay = () => view({ cycle: "day", date: "2024-06-11" });

type Element = Record<string, unknown> & { tag: string };
const elements = (card: Record<string, unknown>) => (card.body as { elements: Element[] }).elements;
function findButtons(node: unknown): Element[] {
  if (Array.isArray(node)) return node.flatMap(findButtons);
  if (typeof node !== "object" || node === null) return [];
  const element = node as Element;
  return element.tag === "button" ? [element] : Object.values(element).flatMap(findButtons);
}

describe("pushstats card", () => {
  it.each([
    ["pushstats.zh", dayView, "zh"],
    ["pushstats.en", dayView, "en"],
    ["pushstats-week.zh", movedWeek, "zh"],
    ["pushstats-pending.zh", pendingDay, "zh"],
    ["pushstats-pending.en", pendingDay, "en"],
  ] as const)("matches golden/%s.json", (golden, make, locale) => {
    const card = renderView(make(), locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("shows the four metrics and both read rates, saying they are of pushes", () => {
    const card = renderView(dayView(), "en");
    expect(checkCard(card)).toMatchObject({ ok: true, parsed: { schema: "2.0", updateMulti: true } });
    expect(elements(card).find((e) => e.tag === "table")!.rows).toEqual([
      { metric: "Pushes", value: "1,234", rate: "—" },
      { metric: "Users reached", value: "456", rate: "—" },
      { metric: "Read within 1 h", value: "700", rate: "56.7%" },
      { metric: "Read within 12 h", value: "1,000", rate: "81.0%" },
    ]);
    const text = cardToText(card);
    expect(text).toContain("Read rate (÷ pushes)");
    expect(text).toContain("Read rate = reads ÷ pushes");
    expect(text).toContain("No date given: showing 2024-06-10, the latest day with data.");
    expect(text).toContain("Scope: the whole organisation");
  });

  it("says a date was moved to its week's Monday, that the week is partial, and names the department", () => {
    const text = cardToText(renderView(movedWeek(), "zh"));
    expect(text).toContain("2024-06-03 至 2024-06-09 这一周");
    expect(text).toContain("2024-06-05 已改为所在周的周一 2024-06-03");
    expect(text).toContain("部门 od-4e6ac4d14bcd5071a37a39de902c7141（含子部门）");
    expect(text).not.toContain("还不完整");
    const running = cardToText(renderView(view({ cycle: "month" }), "zh"));
    expect(running).toContain("该月的数据还不完整：目前统计到 2024-06-10");
    expect(running).not.toContain("已改为");
  });

  it("names a month by itself, never as \"this month\" (◀ 上个月 from June shows May)", () => {
    const may = view({ cycle: "month", date: "2024-05-01" });
    const zh = renderView(may, "zh");
    expect(zh.header).toMatchObject({ subtitle: { content: "2024-05" } });
    expect(cardToText(zh)).not.toContain("这个月");
    const en = renderView(may, "en");
    expect(en.header).toMatchObject({ subtitle: { content: "the month of 2024-05" } });
    expect(cardToText(en)).not.toContain("this month");
  });

  it("says when pending data will be available and offers the latest period instead", () => {
    const card = renderView(pendingDay(), "zh");
    const text = cardToText(card);
    expect(text).toContain("2024-06-11的数据要到 2024-06-13 10:00（Asia/Shanghai）之后才能查询");
    expect(text).toContain("目前有数据的最近一天是 2024-06-10");
    expect(findButtons(card)[0]!.behaviors).toEqual([
      { type: "callback", value: { cmd: "pushstats", args: { cycle: "day", date: "2024-06-10" } } },
    ]);
  });

  it("navigates by period with stateless buttons: previous always, next only when it has data", () => {
    const week = findButtons(renderView(movedWeek(), "en")).map((b) => [
      (b.text as { content: string }).content,
      (b.behaviors as Array<{ value: unknown }>)[0]!.value,
    ]);
    const department = { id: "od-4e6ac4d14bcd5071a37a39de902c7141", idType: "open_department_id" };
    expect(week).toEqual([
      ["◀ Previous week", { cmd: "pushstats", args: { cycle: "week", date: "2024-05-27", department } }],
      ["Next week ▶", { cmd: "pushstats", args: { cycle: "week", date: "2024-06-10", department } }],
      ["Daily", { cmd: "pushstats", args: { cycle: "day", date: "2024-06-09", department } }],
      ["Weekly", { cmd: "pushstats", args: { cycle: "week", date: "2024-06-03", department } }],
      ["Monthly", { cmd: "pushstats", args: { cycle: "month", date: "2024-06-01", department } }],
    ]);
    expect(findButtons(renderView(dayView(), "en")).map((b) => (b.text as { content: string }).content)).not.toContain("Next day ▶");
  });

  it("shows no rate when nothing was pushed", () => {
    const card = renderView(view({ cycle: "day", date: "2024-06-01" }, { sentMessages: 0, reachedUsers: 0, readWithin1h: 0, readWithin12h: 0 }), "en");
    const rows = elements(card).find((e) => e.tag === "table")!.rows as Array<{ rate: string }>;
    expect(rows.map((r) => r.rate)).toEqual(["—", "—", "—", "—"]);
    expect(cardToText(card)).not.toContain("Messages per user reached");
  });

  it("shows a due period Feishu has no data for as no pushes: zeros and a note, not an error", () => {
    const old = buildPushStatsView(planPush({ cycle: "month", date: "2024-01-01" }, LATEST), NO_PUSHES, { timeZone: "Asia/Shanghai" });
    const card = renderView(old, "zh");
    expect(card).toEqual(readGolden("pushstats-none.zh", card));
    expect(checkCard(card).ok).toBe(true);
    expect((card.header as { template: string }).template).toBe("indigo");
    expect(elements(card).find((e) => e.tag === "table")!.rows).toEqual([
      { metric: "推送数", value: "0", rate: "—" },
      { metric: "触达人数", value: "0", rate: "—" },
      { metric: "1 小时内阅读", value: "0", rate: "—" },
      { metric: "12 小时内阅读", value: "0", rate: "—" },
    ]);
    expect(cardToText(card)).toContain("这段时间没有推送");
    expect(cardToText(card)).not.toContain("还在生成");
    // The period holding the latest day: Feishu may simply not have produced it yet, and the card says so.
    const recent = buildPushStatsView(planPush({ cycle: "day", date: LATEST }, LATEST), NO_PUSHES, { timeZone: "Asia/Shanghai" });
    expect(cardToText(renderView(recent, "en"))).toContain("the data of 2024-06-10 is still being produced");
  });

  it("escapes a hostile department id wherever it appears in markdown", () => {
    for (const id of DANGEROUS_FRAGMENTS) {
      const hostile: PushStatsView = { ...dayView(), department: { id, idType: "department_id" } };
      for (const locale of ["zh", "en"] as const) {
        const card = renderView(hostile, locale);
        const contents = elements(card).filter((e) => e.tag === "markdown").map((e) => String(e.content));
        for (const content of contents) expect(activeConstructs(content.replace(/^\*\*([^*]+)\*\* /, "$1 "))).toEqual([]);
      }
    }
  });

  it("names the department when Feishu gave its name, escaped, and keeps the id beside it (issue 12)", () => {
    const od = "od-4e6ac4d14bcd5071a37a39de902c7141";
    const plan = planPush({ department: { id: od, idType: "open_department_id" } }, LATEST);
    const named = buildPushStatsView(plan, OVERVIEW, { timeZone: "Asia/Shanghai", department: { id: od, idType: "open_department_id", name: "研发中心" } });
    expect(named.department).toEqual({ id: od, idType: "open_department_id", name: "研发中心" });
    expect(cardToText(renderView(named, "zh"))).toContain(`范围：部门「研发中心」（${od}，含子部门）`);
    expect(cardToText(renderView(named, "en"))).toContain(`Scope: department "研发中心" (${od}, with its sub-departments)`);
    // Buttons carry the id only: a name is not part of the arguments' schema.
    for (const button of findButtons(renderView(named, "zh"))) {
      const value = JSON.stringify(button);
      expect(value).not.toContain("研发中心");
    }
    for (const name of DANGEROUS_FRAGMENTS) {
      const card = renderView({ ...named, department: { id: od, idType: "open_department_id", name } }, "zh");
      const contents = elements(card).filter((e) => e.tag === "markdown").map((e) => String(e.content));
      for (const content of contents) expect(activeConstructs(content.replace(/^\*\*([^*]+)\*\* /, "$1 "))).toEqual([]);
    }
  });

  it("falls back to the id, saying which scope would give the name, or that Feishu gave none", () => {
    const od = "od-4e6ac4d14bcd5071a37a39de902c7141";
    const base = view({ department: { id: od, idType: "open_department_id" } });
    const noScope = cardToText(renderView({ ...base, department: { id: od, idType: "open_department_id", nameMissing: "scope" } }, "zh"));
    expect(noScope).toContain(`范围：部门 ${od}（含子部门）`);
    expect(noScope).toContain("应用未开通通讯录权限 contact:department.base:readonly，无法显示部门名称。");
    const unknown = cardToText(renderView({ ...base, department: { id: od, idType: "open_department_id", nameMissing: "unknown" } }, "en"));
    expect(unknown).toContain("Feishu gave no name for this department");
  });

  const cycles = fc.constantFrom("day" as const, "week" as const, "month" as const);
  const days = fc.integer({ min: 0, max: 3650 }).map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const counts = fc.nat({ max: Number.MAX_SAFE_INTEGER });

  it("stays under 30 KB and 200 elements and passes the 2.0 checks for any arguments and figures", () => {
    let largest = { bytes: 0, elements: 0 };
    fc.assert(
      fc.property(
        cycles,
        fc.option(days, { nil: undefined }),
        days,
        fc.option(fc.string({ maxLength: 500 }), { nil: undefined }),
        fc.oneof(
          fc.constant(undefined),
          fc.constant(NO_PUSHES),
          fc.record({ sentMessages: counts, reachedUsers: counts, readWithin1h: counts, readWithin12h: counts }),
        ),
        fc.constantFrom("zh" as const, "en" as const),
        (cycle, date, latest, department, overview, locale) => {
          const plan = planPush({ cycle, date, department: department === undefined ? undefined : { id: department, idType: "department_id" } }, latest);
          const built = buildPushStatsView(plan, plan.hasData ? overview ?? OVERVIEW : undefined, { timeZone: "Asia/Shanghai" });
          const card = renderView(built, locale);
          const size = checkCardBudget(card);
          if (size.bytes > largest.bytes) largest = size;
          expect(checkCard(card).ok).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
    console.info(`largest /pushstats card in the property test: ${largest.bytes} bytes, ${largest.elements} elements`);
  });
});

describe("pushstats card for a department name that names no one department (issue 12)", () => {
  const plan = planPush({ cycle: "week", date: "2024-06-03" }, LATEST);
  const found = (i: number, name: string) => ({ openDepartmentId: `od-${String(i).repeat(32)}`, name, path: ["销售部", `区域${i}`, name] });
  const lookupView = (name: string, outcome: NameLookup["outcome"]) =>
    buildPushStatsView(plan, undefined, { timeZone: "Asia/Shanghai", lookup: { name, outcome } });

  it("lists every department of the name with its path and id, a valid card with a button each (at most five)", () => {
    const departments = Array.from({ length: 7 }, (_, i) => found(i + 1, "综合组"));
    const card = renderView(lookupView("综合组", { kind: "several", departments }), "zh");
    expect(checkCard(card).ok).toBe(true);
    const text = cardToText(card);
    expect(text).toContain("有 7 个部门叫「综合组」");
    for (const d of departments) expect(text).toContain(`销售部 / ${d.path[1]} / 综合组（${d.openDepartmentId}）`);
    const buttons = findButtons(card);
    expect(buttons).toHaveLength(5);
    expect((buttons[0]!.behaviors as Array<{ value: Record<string, unknown> }>)[0]!.value).toBeDefined();
  });

  it.each(DANGEROUS_FRAGMENTS)("escapes a typed name %s wherever it appears", (fragment) => {
    for (const outcome of [{ kind: "none" as const, closest: [found(1, fragment)] }, { kind: "no-scope" as const }]) {
      const card = renderView(lookupView(fragment, outcome), "en");
      expect(checkCard(card).ok).toBe(true);
      for (const e of elements(card).filter((x) => x.tag === "markdown")) expect(activeConstructs(e.content as string)).toEqual([]);
    }
  });

  it("names the scopes to grant, in English too, and where a department's id is found", () => {
    const noScope = cardToText(renderView(lookupView("Sales", { kind: "no-scope" }), "en"));
    expect(noScope).toContain("contact:department.organize:readonly");
    expect(noScope).toContain("contact:department.base:readonly");
    expect(noScope).toContain("admin console");
    expect(noScope).not.toMatch(/[\u4e00-\u9fff]/);
    const noNames = cardToText(renderView(lookupView("Sales", { kind: "no-names" }), "zh"));
    expect(noNames).toContain("contact:department.base:readonly");
    expect(noNames).not.toContain("contact:department.organize:readonly");
    const range = cardToText(renderView(lookupView("Sales", { kind: "out-of-range" }), "zh"));
    expect(range).toContain("全部成员");
    const nothing = cardToText(renderView(lookupView("火星", { kind: "none", closest: [] }), "zh"));
    expect(nothing).toContain("也没有名称相近的部门");
  });
});
