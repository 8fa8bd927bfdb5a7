/**
 * `/pushstats` end to end: messages into the webhook, the bot calling message_push_overview on the
 * emulator through the real SDK, reply cards and button clicks checked against the tenant's deliveries.
 */
import dayjs from "dayjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText, checkCardBudget } from "../../src/cards/index.js";
import { formatCount, formatPercent } from "../../src/cards/format.js";
import { latestPushDataDay } from "../../src/sandbox/emulator/routes/push-overview.js";
import { pushTruth } from "../commands/pushstats/truth.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";
import { plainValue } from "../helpers/seal.js";
import type { Config } from "../../src/config/types.js";
import { DEFAULT_SCOPES, SCOPES } from "../../src/sandbox/emulator/index.js";
import { buttons, buttonLabel as label, buttonValue as valueOf } from "../helpers/card-buttons.js";

/** One tester sends many commands a minute here; the per-person rate has tests of its own (access.e2e.test.ts). */
const unlimited = (c: Config): Config => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } });

type Card = Record<string, unknown>;
type Element = Record<string, unknown> & { tag: string };

const elements = (card: Card) => (card.body as { elements: Element[] }).elements;
const rows = (card: Card) => elements(card).find((e) => e.tag === "table")!.rows as Array<Record<string, string>>;
const shift = (date: string, days: number) => dayjs(date).add(days, "day").format("YYYY-MM-DD");
const monday = (date: string) => shift(date, -((dayjs(date).day() + 6) % 7));

/** The metric column of the card, as the card formats the tenant's figures. */
function expectedRows(truth: ReturnType<typeof pushTruth>, locale: "zh" | "en") {
  return [
    formatCount(truth.sentMessages, locale),
    formatCount(truth.reachedUsers, locale),
    formatCount(truth.readWithin1h, locale),
    formatCount(truth.readWithin12h, locale),
  ];
}

function startAsker(get: () => RunningSandbox, sizes: Array<{ bytes: number; elements: number }>) {
  return async (text: string, chatType: "group" | "p2p" = "group") => {
    const sandbox = get();
    const delivery = await sandbox.emulator.pushMessage({ text, chatType, mentionBot: chatType === "group" });
    expect(delivery.status).toBe(200);
    const reply = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === delivery.messageId), 5_000, `a reply to ${text}`);
    const card = reply.card as Card;
    sizes.push(checkCardBudget(card));
    return { reply, card };
  };
}

const sizes: Array<{ bytes: number; elements: number }> = [];
afterAll(() => {
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a), { bytes: 0, elements: 0 });
  console.info(`largest /pushstats card end to end: ${largest.bytes} bytes, ${largest.elements} elements`);
});

describe("/pushstats end to end", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: unlimited });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.emulator.reset());

  const ask = startAsker(() => sandbox, sizes);
  const latest = () => latestPushDataDay(Math.floor(Date.now() / 1000), sandbox.emulator.tenant.timezone);
  const pushCalls = () => sandbox.emulator.calls().filter((c) => c.endpoint === "push_overview");

  it("answers /pushstats with the latest day that has data, its metrics and read rates", async () => {
    const day = latest();
    const truth = pushTruth(sandbox.emulator.tenant, day, day);
    const { card } = await ask("/pushstats");
    expect(card.schema).toBe("2.0");
    expect(rows(card).map((r) => r.value)).toEqual(expectedRows(truth, "zh"));
    expect(rows(card)[2]!.rate).toBe(formatPercent(truth.readWithin1h / truth.sentMessages, "zh"));
    expect(rows(card)[3]!.rate).toBe(formatPercent(truth.readWithin12h / truth.sentMessages, "zh"));
    expect(cardToText(card)).toContain(`显示有数据的最近一天 ${day}`);
    expect(pushCalls().map((c) => c.body)).toEqual([{ date: day, cycle_type: 1 }]);
  });

  it("moves a date inside a week to its Monday, says so, and sums the whole week", async () => {
    const wednesday = shift(monday(latest()), -5);
    const start = monday(wednesday);
    const { card } = await ask(`/推送 周 ${wednesday}`, "p2p");
    expect(rows(card).map((r) => r.value)).toEqual(expectedRows(pushTruth(sandbox.emulator.tenant, start, shift(start, 6)), "zh"));
    expect(cardToText(card)).toContain(`${wednesday} 已改为所在周的周一 ${start}`);
    expect(pushCalls().map((c) => c.body)).toEqual([{ date: start, cycle_type: 2 }]);
  });

  it.each([["/pushstats 明天"], ["/pushstats today"], ["/pushstats yesterday"]])(
    "answers %s with when the data will be available, without calling the API",
    async (text) => {
      const { card } = await ask(text);
      expect(cardToText(card)).toMatch(/的数据要到 \d{4}-\d\d-\d\d 10:00（Asia\/Shanghai）之后才能查询/);
      expect(cardToText(card)).toContain(`目前有数据的最近一天是 ${latest()}`);
      expect(pushCalls()).toHaveLength(0);
    },
  );

  it("steps back a day with the Previous button, answered inline", async () => {
    const { reply, card } = await ask("/pushstats");
    const previous = buttons(card).find((b) => label(b) === "◀ 前一天")!;
    const before = shift(latest(), -1);
    expect(plainValue(valueOf(previous))).toMatchObject({ cmd: "pushstats", cid: reply.chatId, issued: expect.any(Number) });
    expect(plainValue(valueOf(previous)).args).toEqual({ cycle: "day", date: before });
    const click = await sandbox.emulator.pushCardAction({ value: valueOf(previous), openMessageId: reply.messageId });
    expect(click.cardReplaced).toBe(true);
    expect(click.clientError).toBeUndefined();
    const answer = (click.answer as { card: { data: Card } }).card.data;
    sizes.push(checkCardBudget(answer));
    expect(rows(answer).map((r) => r.value)).toEqual(expectedRows(pushTruth(sandbox.emulator.tenant, before, before), "zh"));
    expect(buttons(answer).some((b) => label(b) === "后一天 ▶")).toBe(true);
  });

  it("answers a month before the bot was installed with no pushes, not an error card", async () => {
    const installed = sandbox.emulator.tenant.push.installedOn;
    const month = dayjs(installed).subtract(1, "month").format("YYYY-MM-01");
    const { card } = await ask(`/pushstats month ${month}`);
    expect((card.header as { template: string }).template).not.toBe("red");
    expect(rows(card).map((r) => r.value)).toEqual(["0", "0", "0", "0"]);
    expect(cardToText(card)).toContain("这段时间没有推送");
    expect(pushCalls().map((c) => c.code)).toEqual([211011]);
  });

  it("filters by department with the id type its form implies", async () => {
    const tenant = sandbox.emulator.tenant;
    const department = tenant.departments.find((d) => tenant.departments.some((c) => c.parentOpenDepartmentId === d.openDepartmentId))!;
    const day = latest();
    const { card } = await ask(`/pushstats ${department.departmentId} ${day}`);
    expect(rows(card).map((r) => r.value)).toEqual(expectedRows(pushTruth(tenant, day, day, department.openDepartmentId), "zh"));
    expect(pushCalls()[0]!.query).toEqual({ department_id_type: "department_id" });
    // The department by name (contact/v3/departments/:id, the id as typed), never the id alone (issue 12).
    expect(cardToText(card)).toContain(`部门「${department.name}」（${department.departmentId}，含子部门）`);
    const lookups = sandbox.emulator.calls().filter((c) => c.endpoint === "department_get");
    expect(lookups.map((c) => [c.code, c.query])).toEqual([[0, { department_id_type: "department_id" }]]);
  });

  it("names a department given by its open id, and keeps only the id on its buttons", async () => {
    const department = sandbox.emulator.tenant.departments[1]!;
    const { card } = await ask(`/pushstats ${department.openDepartmentId}`);
    expect(cardToText(card)).toContain(`部门「${department.name}」（${department.openDepartmentId}，含子部门）`);
    for (const button of buttons(card)) {
      expect((plainValue(valueOf(button)).args as Record<string, unknown>).department).toEqual({ id: department.openDepartmentId, idType: "open_department_id" });
    }
  });

  it("takes a department by its name (any case, several words), showing its figures and its name without asking for it again", async () => {
    const tenant = sandbox.emulator.tenant;
    const day = latest();
    for (const [i, name] of ["测试组", "global   SALES"].entries()) {
      sandbox.emulator.reset();
      const department = tenant.departments.find((d) => d.name.toLowerCase() === name.toLowerCase().replace(/\s+/g, " "))!;
      const { card } = await ask(`/pushstats ${day} ${name}`);
      expect(rows(card).map((r) => r.value)).toEqual(expectedRows(pushTruth(tenant, day, day, department.openDepartmentId), "zh"));
      expect(pushCalls().map((c) => [c.query, (c.body as Record<string, unknown>).department_id])).toEqual([
        [{ department_id_type: "open_department_id" }, department.openDepartmentId],
      ]);
      expect(cardToText(card)).toContain(`部门「${department.name}」（${department.openDepartmentId}，含子部门）`);
      const directory = sandbox.emulator.calls().filter((c) => c.endpoint === "department_children");
      // Listed once, then kept: the second name costs Feishu no directory call.
      const listed = [[0, "/open-apis/contact/v3/departments/0/children", { department_id_type: "open_department_id", fetch_child: "true", page_size: "50" }]];
      expect(directory.map((c) => [c.code, c.path, c.query])).toEqual(i === 0 ? listed : []);
      expect(sandbox.emulator.calls().filter((c) => c.endpoint === "department_get")).toHaveLength(0);
      // Its buttons carry the id it was found to have, not the name.
      for (const button of buttons(card)) {
        const args = plainValue(valueOf(button)).args as Record<string, unknown>;
        expect(args.department).toEqual({ id: department.openDepartmentId, idType: "open_department_id" });
        expect(args.departmentName).toBeUndefined();
      }
    }
  });

  it("answers a name several departments have with each of them, its path and id, a button each that shows its figures", async () => {
    const tenant = sandbox.emulator.tenant;
    const twins = tenant.departments.filter((d) => d.name === "综合组");
    expect(twins).toHaveLength(2);
    const { card, reply } = await ask("/pushstats week 综合组");
    const text = cardToText(card);
    expect(text).toContain("有 2 个部门叫「综合组」");
    const parentName = (d: (typeof twins)[number]) => tenant.departments.find((p) => p.openDepartmentId === d.parentOpenDepartmentId)!.name;
    for (const twin of twins) expect(text).toContain(`销售部 / ${parentName(twin)} / 综合组（${twin.openDepartmentId}）`);
    expect(text).toContain("管理后台 → 组织架构");
    expect(pushCalls()).toHaveLength(0);
    const choices = buttons(card);
    expect(choices.map((b) => (plainValue(valueOf(b)).args as { department: { id: string } }).department.id)).toEqual(twins.map((d) => d.openDepartmentId));
    const click = await sandbox.emulator.pushCardAction({ value: valueOf(choices[1]!), openMessageId: reply.messageId });
    expect(click.clientError).toBeUndefined();
    const answer = await waitFor(
      () => {
        const replaced = (click.answer as { card?: { data: Card } } | undefined)?.card?.data;
        return replaced ?? sandbox.emulator.sent().find((m) => m.parentId === reply.messageId && m !== reply)?.card as Card | undefined;
      },
      5_000,
      "the chosen department's figures",
    );
    expect(cardToText(answer)).toContain(`部门「综合组」（${twins[1]!.openDepartmentId}，含子部门）`);
    expect(rows(answer)).toHaveLength(4);
  });

  it("answers a name no department has with the closest names and where to find an id, escaping what was typed", async () => {
    const { card } = await ask("/pushstats 研发");
    const text = cardToText(card);
    expect(text).toContain("没有叫「研发」的部门");
    expect(text).toContain("研发中心（");
    expect(buttons(card).map(label)).toContain("研发中心");
    expect(text).toContain("管理后台 → 组织架构");
    const odd = await ask("/pushstats **火星** [x](http://evil)");
    const markdown = elements(odd.card).filter((e) => e.tag === "markdown").map((e) => e.content as string).join("\n");
    expect(markdown).not.toContain("**");
    expect(markdown).not.toContain("](");
    expect(cardToText(odd.card)).toContain("没有叫「**火星** [x](http://evil)」的部门");
    expect(pushCalls()).toHaveLength(0);
  });

  it.each([["/pushstats 2026-13-45"], ["/pushstats 7d"], ["/pushstats week month"], ["/pushstats wek"], ["/pushstats monthy 2024-05-01"]])("answers %s with the usage card", async (text) => {
    const { card } = await ask(text);
    expect(cardToText(card)).toContain("/pushstats 的用法");
    expect(cardToText(card)).toContain("/pushstats week");
    expect(pushCalls()).toHaveLength(0);
  });
});

describe("/pushstats end to end in English", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: (c) => unlimited({ ...c, bot: { ...c.bot, locale: "en" } }) });
  });
  afterAll(() => sandbox.close());

  it("answers a month moved to its 1st in English", async () => {
    const ask = startAsker(() => sandbox, sizes);
    const day = latestPushDataDay(Math.floor(Date.now() / 1000), sandbox.emulator.tenant.timezone);
    const first = `${day.slice(0, 7)}-01`;
    const { card } = await ask(`/pushstats month ${day}`, "p2p");
    const text = cardToText(card);
    expect(rows(card).map((r) => r.value)).toEqual(expectedRows(pushTruth(sandbox.emulator.tenant, first, day), "en"));
    expect(text).toContain("Read rate = reads ÷ pushes");
    if (day !== first) expect(text).toContain(`Months start on the 1st: ${day} was moved to ${first}.`);
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("/pushstats end to end without the contact scope", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    const scopes = DEFAULT_SCOPES.filter((x) => x !== SCOPES.department);
    sandbox = await startTestSandbox({ config: unlimited, emulator: { scopes } });
  });
  afterAll(() => sandbox.close());

  it("shows the department's id with a hint naming the scope, and the figures all the same", async () => {
    const sizesHere: Array<{ bytes: number; elements: number }> = [];
    const ask = startAsker(() => sandbox, sizesHere);
    const department = sandbox.emulator.tenant.departments[1]!;
    const { card } = await ask(`/pushstats ${department.openDepartmentId}`);
    const text = cardToText(card);
    expect(text).toContain(`部门 ${department.openDepartmentId}（含子部门）`);
    expect(text).toContain("contact:department.base:readonly");
    expect(text).not.toContain(department.name);
    expect(rows(card)).toHaveLength(4);
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "department_get").map((c) => c.code)).toEqual([99991672]);
  });

  it("answers a department's name, listed without names, by naming the scope that gives them", async () => {
    sandbox.emulator.reset();
    const ask = startAsker(() => sandbox, []);
    const { card } = await ask("/pushstats 前端组");
    const text = cardToText(card);
    expect(text).toContain("无法按名称查找部门「前端组」");
    expect(text).toContain("contact:department.base:readonly");
    expect(text).toContain("管理后台 → 组织架构");
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "push_overview")).toHaveLength(0);
  });
});

describe("/pushstats end to end without any scope that lists departments", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    const directory: string[] = [SCOPES.departmentOrganize, SCOPES.contactBase, SCOPES.contactAccessAsApp, SCOPES.contactReadonly, SCOPES.contactAsApp];
    sandbox = await startTestSandbox({ config: unlimited, emulator: { scopes: DEFAULT_SCOPES.filter((x) => !directory.includes(x)) } });
  });
  afterAll(() => sandbox.close());

  it("answers a department's name by naming the scopes to grant, and where to find an id instead", async () => {
    const ask = startAsker(() => sandbox, []);
    const { card } = await ask("/pushstats week 前端组");
    const text = cardToText(card);
    expect(text).toContain("contact:department.organize:readonly");
    expect(text).toContain("contact:department.base:readonly");
    expect(text).toContain("管理后台 → 组织架构");
    expect((card.header as { template: string }).template).not.toBe("red");
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "department_children").map((c) => c.code)).toEqual([99991672]);
    expect(sandbox.emulator.calls().filter((c) => c.endpoint === "push_overview")).toHaveLength(0);
  });
});
