import { describe, expect, it } from "vitest";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import { buttonAction } from "../../src/commands/actions.js";
import { figures } from "../../src/commands/meeting/list-view.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { readGolden } from "./golden.js";
import { activeConstructs } from "./markdown-checker.js";
import { HOSTILE_TOPIC, buttons, fixedDetailView, fixedListView, markdownTexts } from "./meeting-fixtures.js";

describe("meeting list card", () => {
  it.each([
    ["meeting-list.zh", "zh"],
    ["meeting-list.en", "en"],
  ] as const)("matches golden/%s.json", (golden, locale) => {
    const card = renderView(fixedListView(), locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("is a valid JSON 2.0 card with shared updates", () => {
    const card = renderView(fixedListView(), "zh");
    expect(checkCard(card)).toMatchObject({ ok: true, parsed: { schema: "2.0", updateMulti: true } });
    expect(card.config).toMatchObject({ update_multi: true });
  });

  it("reads as the header figures, one line per meeting and the pager", () => {
    const zh = cardToText(renderView(fixedListView(), "zh"));
    expect(zh).toContain("【会议号 455 423 258 的会议】");
    expect(zh).toContain("2026-10-23 至 2026-11-21");
    // 22 of 23 measured: exact figures over those 22, and the card says so.
    expect(zh).toContain("**23** 场会议 · 总时长 **17小时** · 平均每场 **46分钟**");
    expect(zh).toContain("1 场会议的详情已取不到：总时长和平均只含其余 22 场。");
    expect(zh).not.toContain("约");
    expect(zh).toContain("**李雨桐的个人会议室** 11-20 09:00 · 45分钟 · 峰值 5 人 · 已结束");
    expect(zh).toContain(`**${HOSTILE_TOPIC}** 11-20 11:30 · 不到 1 分钟 · 峰值 12 人 · 进行中`);
    expect(zh).toContain("**设计评审** 详情不可用");
    expect(zh).toMatch(/\[ 上一页 \]\W+第 2 \/ 3 页\s+\[ 下一页 \]/);
    const en = cardToText(renderView(fixedListView(), "en"));
    expect(en).toContain("**23** meetings · total **17 h** · average **46 min**");
    expect(en).toMatch(/\[ Previous \]\W+Page 2 of 3\s+\[ Next \]/);
    expect(en).toContain("**设计评审** Details unavailable");
    expect(en).not.toContain("场会议");
  });

  it("puts the details and pager values on the buttons, as the view says", () => {
    const view = fixedListView();
    const found = buttons(renderView(view, "zh"));
    expect(found.map((b) => b.label)).toEqual(["详情", "详情", "详情", "上一页", "下一页"]);
    expect(found.map((b) => b.value)).toEqual([...view.rows.map((r) => r.details), view.pager.prev, view.pager.next]);
  });

  it("jumps to the newest and oldest pages around Previous and Next when the view has them", () => {
    const view = fixedListView();
    const first = buttonAction("meeting", { kind: "number", meetingNo: "123456789" }, { token: "o1", back: [], page: 1 });
    const last = buttonAction("meeting", { kind: "number", meetingNo: "123456789" }, { token: "n1", back: [], page: 3 });
    const card = renderView({ ...view, pager: { ...view.pager, first, last } }, "zh");
    const found = buttons(card).slice(view.rows.length);
    expect(found.map((b) => b.label)).toEqual(["« 最新", "上一页", "下一页", "最早 »"]);
    expect(found.map((b) => b.value)).toEqual([first, view.pager.prev, view.pager.next, last]);
    expect(checkCard(card).ok).toBe(true);
    expect(cardToText(renderView({ ...view, pager: { ...view.pager, first, last } }, "en"))).toMatch(/\[ « Newest \]\s+\[ Previous \]\W+Page 2 of 3\s+\[ Next \]\s+\[ Oldest » \]/);
  });

  it("escapes the topic: no mention, link, emphasis or table survives", () => {
    const row = markdownTexts(renderView(fixedListView(), "zh")).find((text) => text.includes("&#60;at"))!;
    const topic = /^\*\*(.*)\*\*\n/.exec(row)![1]!;
    expect(activeConstructs(topic)).toEqual([]);
    expect(JSON.stringify(renderView(fixedListView(), "zh"))).not.toContain("<at");
  });

  it("says so when the range is empty, and shows no pager for a single page", () => {
    const view = { ...fixedListView(), rows: [], summary: figures({ count: 0, countCapped: false, totalSeconds: 0, measured: 0 }), pager: { page: 1, pages: 1 } };
    const text = cardToText(renderView(view, "zh"));
    expect(text).toContain("**0** 场会议");
    expect(text).toContain("这段时间里这个会议号下没有会议。");
    expect(buttons(renderView(view, "zh"))).toEqual([]);
  });

  it("marks a count that hit the walking limit", () => {
    const view = { ...fixedListView(), summary: figures({ count: 1000, countCapped: true, totalSeconds: 100 * 1800, measured: 100 }) };
    const { pager } = view;
    delete (pager as { pages?: number }).pages;
    const text = cardToText(renderView({ ...view, pager }, "en"));
    expect(text).toContain("**1,000+** meetings");
    // Every counted meeting timed: exact figures over the 1,000 counted, and the card says what they cover.
    expect(text).toContain("total **50 h** · average **30 min**");
    expect(text).toContain("the total and average cover those 1000");
    expect(text).toContain("Page 2");
  });

  it("shows exact figures, never an estimate, and the average the view carries", () => {
    const base = fixedListView();
    const en = cardToText(renderView({ ...base, summary: { ...base.summary, averageSeconds: 7200 } }, "en"));
    expect(en).toContain("total **17 h** · average **2 h**");
    const measuredAll = { ...base, summary: figures({ count: 23, countCapped: false, totalSeconds: 23 * 1800, measured: 23 }) };
    const exact = cardToText(renderView(measuredAll, "en"));
    expect(exact).toContain("total **11 h 30 min** · average **30 min**");
    expect(exact).not.toMatch(/estimate|≈|could not be fetched/);
  });

  it("says \"counting…\" where the durations go while they are timed, and how long that takes", () => {
    const base = fixedListView();
    const view = { ...base, summary: { ...figures({ count: 230, countCapped: false, totalSeconds: 0, measured: 0 }), counting: { seconds: 6 } } };
    const zh = cardToText(renderView(view, "zh"));
    expect(zh).toContain("**230** 场会议 · 总时长 **统计中…** · 平均每场 **统计中…**");
    expect(zh).toContain("正在逐场取 230 场会议的时长（约 6 秒）");
    expect(zh).not.toContain("取不到");
    const en = cardToText(renderView(view, "en"));
    expect(en).toContain("**230** meetings · total **counting…** · average **counting…**");
  });
});

describe("meeting list card, cut short or untitled", () => {
  it("says the count stopped early when the walk was cut short", () => {
    const view = { ...fixedListView(), summary: figures({ count: 37, countCapped: true, totalSeconds: 37 * 1800, measured: 37 }) };
    const zh = cardToText(renderView(view, "zh"));
    expect(zh).toContain("**37+** 场会议");
    expect(zh).toContain("只统计了最早的 37 场会议");
    // The list itself is no longer cut: it starts from the newest whatever the count.
    expect(zh).toContain("列表仍从最新的会议排起");
    expect(zh).not.toContain("没有列出");
    const en = cardToText(renderView(view, "en"));
    expect(en).toContain("Counting stopped after the oldest 37 meetings");
    expect(en).toContain("the list still starts from the newest");
  });

  it("says the figures are the card's own once counted meetings have left Feishu's window", () => {
    const base = fixedListView();
    const pager = { page: 2, prev: base.pager.prev!, next: base.pager.next! };
    const view = { ...base, from: "2026-08-25", fromTime: "10:03", countedFrom: "2026-08-23 14:01", pager };
    const zh = cardToText(renderView(view, "zh"));
    expect(zh).toContain("2026-08-25 10:03 至 2026-11-21");
    expect(zh).toMatch(/\*\*23\*\* 场会议 · .*（卡片生成时）/);
    expect(zh).toContain("会议数和时长是卡片生成时从 2026-08-23 14:01 起的统计");
    expect(zh).toContain("第 2 页");
    expect(zh).not.toContain("第 2 / ");
    const en = cardToText(renderView(view, "en"));
    expect(en).toMatch(/\*\*23\*\* meetings · .* \(as of when the card was made\)/);
    expect(en).toContain("counted from 2026-08-23 14:01");
    // A card whose figures still hold says nothing of the kind.
    expect(cardToText(renderView(fixedListView(), "zh"))).not.toContain("卡片生成时");
  });

  it("says from what time a range starting inside its first day runs", () => {
    const view = { ...fixedListView(), from: "2026-08-23", fromTime: "14:01" };
    expect(cardToText(renderView(view, "zh"))).toContain("2026-08-23 14:01 至 2026-11-21");
    expect(cardToText(renderView(view, "en"))).toContain("2026-08-23 14:01 to 2026-11-21");
  });

  it("shows a placeholder for an empty topic, not an empty bold mark", () => {
    const view = fixedListView();
    const rows = view.rows.map((row, i) => (i === 0 ? { ...row, topic: "" } : i === 1 ? { ...row, topic: " \u200b " } : row));
    const zhRows = markdownTexts(renderView({ ...view, rows }, "zh")).filter((t) => t.includes("\n"));
    expect(zhRows[0]).toMatch(/^\*\*（无主题）\*\*\n/);
    expect(zhRows[1]).toMatch(/^\*\*（无主题）\*\*\n/);
    expect(JSON.stringify(renderView({ ...view, rows }, "zh"))).not.toContain("****");
    expect(cardToText(renderView({ ...view, rows }, "en"))).toContain("(no topic)");
  });
});

describe("meeting detail card", () => {
  it.each([
    ["meeting-detail.zh", "zh", undefined],
    ["meeting-detail.en", "en", undefined],
    ["meeting-detail-p2p-password.zh", "zh", "971024"],
  ] as const)("matches golden/%s.json", (golden, locale, password) => {
    const card = renderView(fixedDetailView(password), locale);
    expect(card).toEqual(readGolden(golden, card));
  });

  it("is a valid JSON 2.0 card, its table at the top level and paged by 10", () => {
    const card = renderView(fixedDetailView(), "zh");
    expect(checkCard(card)).toMatchObject({ ok: true, parsed: { schema: "2.0" } });
    const table = (card.body as { elements: Array<Record<string, unknown>> }).elements.find((e) => e.tag === "table");
    expect(table).toMatchObject({ page_size: 10 });
  });

  it("says what kind of device a dial-in is, and shows rooms by their escaped names, host line included (issue 12)", () => {
    const view = fixedDetailView();
    view.host = { id: "omm_host", userType: "rooms", name: "**VIP** <at id=all></at>" };
    view.participants.rows = [
      { ...view.participants.rows[1]!, name: "[3F 长城](https://evil.example)" },
      { ...view.participants.rows[2]!, id: "5599001", userType: "sip" },
      { ...view.participants.rows[2]!, id: "13800001111", userType: "pstn" },
    ];
    const card = renderView(view, "zh");
    const zh = cardToText(card);
    expect(zh).not.toContain("omm_");
    expect(zh).toContain("SIP/H.323 设备 5599001");
    expect(zh).toContain("电话 13800001111");
    expect(cardToText(renderView(view, "en"))).toContain("SIP/H.323 device 5599001");
    for (const text of markdownTexts(card)) expect(text).not.toMatch(/<at\b|\]\(http/);
    const roomCell = markdownTexts(card).find((text) => text.includes("3F 长城"))!;
    expect(activeConstructs(roomCell)).toEqual([]);
    const hostLine = markdownTexts(card).find((text) => text.includes("VIP"))!;
    expect(activeConstructs(hostLine.replace(/^\*\*[^*]+\*\*/, ""))).toEqual([]);
  });

  it("shows the host with the person component, which does not notify", () => {
    const card = renderView(fixedDetailView(), "zh");
    expect(JSON.stringify(card)).toContain('"tag":"person","user_id":"ou_946f284ceb946d50fc74a46ee8f06bff"');
    for (const text of markdownTexts(card)) expect(text).not.toMatch(/<at\b/);
  });

  it("reads as the meeting's figures and a page of participants", () => {
    const zh = cardToText(renderView(fixedDetailView(), "zh"));
    expect(zh).toContain("会议号 246 676 243 · 已结束");
    expect(zh).toContain("**时间** 2026-11-20 09:00 – 10:15（1小时15分）");
    expect(zh).toContain("**人数** 峰值 255 人 · 累计 272 人");
    expect(zh).toContain("**使用的功能** 视频、音频、共享屏幕、录制、电话（PSTN） （未使用：妙享）");
    expect(zh).toContain("**出勤** 迟到超过 5 分钟：56 人 · 早退超过 5 分钟：50 人 · 外部参会人：3 / 272（1.1%）");
    expect(zh).toContain("**参会人** 第 31–35 位，共 272 位");
    expect(zh).toMatch(/@ou_759524f854ed97a3aa5c5e68b395fcac\s+09:00\s+10:14\s+1小时14分\s+联席主持人\s+—/);
    expect(zh).toMatch(/会议室 omm_824a5ced8cbd5673668659d5103bb3ca\s+09:02/);
    expect(zh).toMatch(/电话 4836213373833289724\s+09:11\s+在会中\s+50分钟/);
    expect(zh).toMatch(/飞书用户 ou_<at id=all><\/at>\s+11-21 11:00\s+11-21 12:00\s+不到 1 分钟\s+—\s+是/);
    expect(zh).toMatch(/@ou_callee\s+—\s+响铃中\s+—/);
    expect(zh).not.toContain("密码");
    const en = cardToText(renderView(fixedDetailView(), "en"));
    expect(en).toContain("**Attendance** joined over 5 min late: 56 · left over 5 min early: 50 · external: 3 of 272 (1.1%)");
    expect(en).toContain("**Participants** 31–35 of 272");
  });

  it("shows the password only when the view carries one", () => {
    expect(cardToText(renderView(fixedDetailView("971024"), "zh"))).toContain("**密码** 971024");
    expect(JSON.stringify(renderView(fixedDetailView(), "zh"))).not.toContain("971024");
  });

  it("escapes the topic in markdown and ids that are not open_ids", () => {
    const card = renderView(fixedDetailView(), "zh");
    const header = card.header as { title: { tag: string; content: string } };
    expect(header.title).toEqual({ tag: "plain_text", content: HOSTILE_TOPIC });
    for (const text of markdownTexts(card)) expect(text).not.toMatch(/<at\b/);
    const idCell = markdownTexts(card).find((text) => text.includes("ou_&#60;at"))!;
    expect(activeConstructs(idCell)).toEqual([]);
  });

  it("tells a running meeting from an ended one", () => {
    const view = { ...fixedDetailView(), status: "in_progress" as const, attendance: { joined: 5, late: 1, leftEarly: undefined, external: 0 } };
    delete (view as { end?: number }).end;
    const card = renderView(view, "zh");
    expect((card.header as { template: string }).template).toBe("green");
    const text = cardToText(card);
    expect(text).toContain("**时间** 2026-11-20 09:00 开始，已进行 1小时15分");
    expect(text).toContain("早退超过 5 分钟：会议结束后统计");
  });

  it("stays within budget for a page of participants", () => {
    const { bytes, elements } = checkCardBudget(renderView(fixedDetailView(), "zh"));
    expect(bytes).toBeLessThan(10_000);
    expect(elements).toBeLessThan(40);
  });
});
