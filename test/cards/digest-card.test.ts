import { describe, expect, it } from "vitest";
import { MAX_SECTIONS } from "../../src/config/digest-schema.js";
import type { DigestListView, DigestSection, DigestView } from "../../src/commands/digest/views.js";
import { cardToText, checkCardBudget, renderView, type Card } from "../../src/cards/index.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";

const HOSTILE = "<at id=all></at> [win](https://evil.example) **now** | :OK:";
const value = (cmd: DigestSection["open"]["cmd"], args: string[]) => ({ cmd, args, ct: "group", cid: "oc_team" });

function sections(): DigestSection[] {
  return [
    {
      kind: "report",
      span: { from: "2026-11-14", to: "2026-11-20" },
      open: value("report", ["2026-11-14..2026-11-20"]),
      outcome: {
        ok: true,
        data: {
          day: "2026-11-20",
          yesterday: { meetings: 33, durationSeconds: 68_640, participants: 554 },
          dayBefore: { meetings: 34, durationSeconds: 70_000, participants: 560 },
          week: { from: "2026-11-14", to: "2026-11-20", totals: { meetings: 181, durationSeconds: 401_760, participants: 1921 } },
          trend: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${14 + i}`, meetings: 20 + i })),
        },
      },
    },
    {
      kind: "rooms",
      span: { from: "2026-11-20", to: "2026-11-20" },
      open: value("rooms", ["2026-11-20"]),
      outcome: {
        ok: true,
        data: {
          day: "2026-11-20",
          truncated: false,
          summary: {
            reservations: 119,
            approving: 2,
            roomsUsed: 36,
            checkIn: { checkedIn: 79, due: 115 },
            noShows: 29,
            releasedEarly: 10,
            secondsGivenBack: 39_420,
            invitations: { accepted: 10, invited: 20 },
            busiestRooms: [
              { room: HOSTILE, seconds: 25_200, reservations: 6 },
              { room: "21F-01 Orchid", seconds: 25_200, reservations: 5 },
            ],
          },
        },
      },
    },
    {
      kind: "pushstats",
      span: { from: "2026-11-18", to: "2026-11-18" },
      open: value("pushstats", ["day", "2026-11-18"]),
      outcome: { ok: false, error: `Feishu said ${HOSTILE}` },
    },
    {
      kind: "meeting",
      meetingNo: "455423258",
      span: { from: "2026-11-15", to: "2026-11-21" },
      open: value("meeting", ["455423258", "2026-11-15..2026-11-21"]),
      outcome: {
        ok: true,
        data: {
          from: "2026-11-15",
          to: "2026-11-21",
          count: 3,
          countCapped: false,
          totalSeconds: 5400,
          measured: 3,
          timeZone: "Asia/Shanghai",
          latest: [
            { topic: HOSTILE, status: "in_progress", start: Date.parse("2026-11-21T00:00:00Z") },
            { topic: "", status: "ended", start: Date.parse("2026-11-20T02:00:00Z"), durationSeconds: 1800 },
          ],
        },
      },
    },
  ];
}

function view(overrides: Partial<DigestView> = {}): DigestView {
  return {
    kind: "digest",
    name: "morning",
    period: "2026-11-21 09:00",
    timeZone: "Asia/Shanghai",
    late: false,
    preview: false,
    sections: sections(),
    ...overrides,
  };
}

function markdown(card: Card): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) {
      const n = node as Record<string, unknown>;
      if (n.tag === "markdown" && typeof n.content === "string") out.push(n.content);
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function rendered(v: DigestView | DigestListView, locale: "zh" | "en" = "zh"): Card {
  const card = renderView(v, locale);
  const check = checkCard(card);
  expect(check.ok, JSON.stringify(check)).toBe(true);
  return card;
}

describe("the digest card", () => {
  it("shows each section in order with its button, and a failing one as a short line", () => {
    const card = rendered(view());
    expect(card.schema).toBe("2.0");
    expect((card.config as { update_multi: boolean }).update_multi).toBe(true);
    const text = cardToText(card);
    expect(text).toContain("【定时摘要 · morning】");
    const order = ["**会议概况** · 昨天 2026-11-20", "**会议室** · 昨天 2026-11-20", "**消息触达** · 2026-11-18", "**会议号 455 423 258**"];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain("会议 **33** 场（较前一天 −2.9%） · 时长 **19小时4分** · 参会 **554** 人次");
    expect(text).toContain("签到率 **68.7%**（79/115） · 未到场 **29** 个 · 提前释放归还 **10小时57分**");
    expect(text).toContain("暂时取不到这部分数据：Feishu said");
    expect(text).toContain("共 **3** 场，时长 **1小时30分**");
    expect(text).toContain("· 11-21 08:00 ");
    expect(text).toContain("（进行中）");
    expect(text).toContain("· 11-20 10:00 （无主题）（30分钟）");
    expect(text).toContain("[chart: bar");
    expect(text).toContain("[ 完整报告 ]\n");
    const values = JSON.stringify(card).match(/"value":\{[^}]*\}/g)!;
    expect(values).toHaveLength(4);
  });

  it("shows user-written names, topics and error text literally, never as markup", () => {
    const card = rendered(view());
    for (const content of markdown(card)) {
      expect(content).not.toContain("<at");
      expect(content).not.toContain("](");
      expect(content).not.toContain(":OK:");
    }
    const text = cardToText(card);
    // The hostile text reads back as typed: shown, not acted on.
    expect(text).toContain(HOSTILE);
    const hostileName = cardToText(rendered(view({ name: "mo**rn**ing" })));
    expect(hostileName).toContain("【定时摘要 · mo**rn**ing】");
  });

  it("says when the push figures are not out yet, or the bot sent nothing", () => {
    const push = (result: Extract<DigestSection, { kind: "pushstats" }>["outcome"]): DigestView =>
      view({ sections: [{ kind: "pushstats", span: { from: "2026-11-18", to: "2026-11-18" }, open: value("pushstats", ["day", "2026-11-18"]), outcome: result }] });
    expect(cardToText(rendered(push({ ok: true, data: { day: "2026-11-18", result: { kind: "none" } } }), "en"))).toContain("The bot sent no messages that day.");
    expect(cardToText(rendered(push({ ok: true, data: { day: "2026-11-18", result: { kind: "pending", availableAt: "2026-11-20 10:00" } } }), "en"))).toContain(
      "This day's data is produced at 2026-11-20 10:00.",
    );
  });

  it("marks a late run and a preview in the header", () => {
    const normal = rendered(view());
    expect((normal.header as Record<string, unknown>).text_tag_list).toBeUndefined();
    expect((normal.header as { template: string }).template).toBe("blue");

    const late = rendered(view({ late: true }), "en");
    expect(late.header).toMatchObject({ template: "orange", text_tag_list: [{ tag: "text_tag", text: { content: "Late" }, color: "orange" }] });
    expect(cardToText(late)).toContain("Late: the bot missed the run at 2026-11-21 09:00");

    const preview = rendered(view({ preview: true }));
    expect(preview.header).toMatchObject({ template: "grey", text_tag_list: [{ text: { content: "预览" } }] });
    expect(cardToText(preview)).toContain("这是预览");
  });

  it("stays within Feishu's limits with the most sections and the longest text", () => {
    const long = "长".repeat(5000) + HOSTILE;
    const big = sections().map((s): DigestSection => {
      if (s.kind === "rooms" && s.outcome.ok) {
        const summary = { ...s.outcome.data.summary, busiestRooms: [1, 2, 3].map(() => ({ room: long, seconds: 1, reservations: 1 })) };
        return { ...s, outcome: { ok: true, data: { ...s.outcome.data, summary } } };
      }
      if (s.kind === "meeting" && s.outcome.ok) {
        return { ...s, outcome: { ok: true, data: { ...s.outcome.data, latest: [1, 2, 3].map(() => ({ topic: long, status: "ended" as const })) } } };
      }
      if (!s.outcome.ok) return { ...s, outcome: { ok: false, error: long } };
      return s;
    });
    const most = Array.from({ length: MAX_SECTIONS }, (_, i) => big[i % big.length]!);
    const budget = checkCardBudget(rendered(view({ name: "x".repeat(40), sections: most })));
    console.info(`largest digest card: ${budget.bytes} bytes, ${budget.elements} elements`);
    expect(budget.bytes).toBeLessThan(30 * 1024);
    expect(budget.elements).toBeLessThanOrEqual(200);
  });
});

describe("the /digest list card", () => {
  const entry = (name: string) => ({
    name,
    cron: "0 9 * * 1-5",
    timeZone: "Asia/Shanghai",
    nextRun: "2026-11-23 09:00",
    chats: 2,
    here: true,
    sections: [{ kind: "report" as const }, { kind: "meeting" as const, meetingNo: "123456789" }],
    preview: { cmd: "digest" as const, args: ["run", name], ct: "group", cid: "oc_team" },
  });

  it("lists each digest's schedule, next run and sections, with a preview button", () => {
    const card = rendered({ kind: "digest-list", entries: [entry(HOSTILE.slice(0, 40)), entry("weekly")], offset: 0, total: 2, pager: { page: 1, pages: 1 } });
    const text = cardToText(card);
    expect(text).toContain("· 0 9 * * 1-5（Asia/Shanghai）\n下次：2026-11-23 09:00 · 发往 2 个群（含本群）\n内容：会议概况、会议号 123456789");
    expect(text).toContain("[ 在这里预览 weekly ]");
    for (const content of markdown(card)) expect(content).not.toContain("<at");
    expect(text).not.toContain("第 1/1 页");
  });

  it("pages a long list and says when there is nothing", () => {
    const entries = Array.from({ length: 8 }, (_, i) => entry(`digest-${i}`.padEnd(40, "x")));
    const card = rendered({ kind: "digest-list", entries, offset: 8, total: 20, pager: { page: 2, pages: 3, prev: entry("p").preview, next: entry("n").preview } }, "en");
    const text = cardToText(card);
    expect(text).toContain("[ Previous ]  Page 2 of 3  [ Next ]");
    checkCardBudget(card);
    const empty = cardToText(rendered({ kind: "digest-list", entries: [], offset: 0, total: 0, pager: { page: 1, pages: 1 } }, "en"));
    expect(empty).toContain("No digests are configured yet");
  });
});
