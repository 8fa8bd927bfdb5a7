import { describe, expect, it } from "vitest";
import { MAX_SECTIONS } from "../../src/config/digest-schema.js";
import { buttonAction, type ButtonAction } from "../../src/commands/actions.js";
import type { DigestListEntry, DigestListView, DigestSection, DigestView, MeetingDigest, ReportDigest, RoomsDigest } from "../../src/commands/digest/views.js";
import { cardToText, checkCardBudget, renderView, type Card } from "../../src/cards/index.js";
import { checkCard } from "../../src/sandbox/emulator/messaging/card-validator.js";
import { readGolden } from "./golden.js";

const HOSTILE = "<at id=all></at> [win](https://evil.example) **now** | :OK:";
const SHANGHAI = "Asia/Shanghai";

const OPEN = {
  report: buttonAction("report", { range: { from: "2026-11-14", to: "2026-11-20" } }),
  rooms: buttonAction("rooms", { date: "2026-11-20" }),
  pushstats: buttonAction("pushstats", { cycle: "day", date: "2026-11-18" }),
  meeting: buttonAction("meeting", { kind: "number", meetingNo: "455423258", range: { from: "2026-11-15", to: "2026-11-21" } }),
};
const SPAN = {
  report: { from: "2026-11-14", to: "2026-11-20" },
  rooms: { from: "2026-11-20", to: "2026-11-20" },
  pushstats: { from: "2026-11-18", to: "2026-11-18" },
  meeting: { from: "2026-11-15", to: "2026-11-21" },
};

const YESTERDAY = { meetings: 33, durationSeconds: 68_640, participants: 554 };

/** The report section with yesterday's change on the day before, as the section computes it. */
function reportSection(change: ReportDigest["change"]): DigestSection {
  return {
    kind: "report",
    span: SPAN.report,
    open: OPEN.report,
    outcome: {
      ok: true,
      data: {
        day: "2026-11-20",
        yesterday: YESTERDAY,
        change,
        week: { from: "2026-11-14", to: "2026-11-20", days: 7, totals: { meetings: 181, durationSeconds: 401_760, participants: 1921 } },
        trend: Array.from({ length: 7 }, (_, i) => ({ date: `2026-11-${14 + i}`, meetings: 20 + i })),
      },
    },
  };
}

const SUMMARY: DayRooms["summary"] = {
  reservations: 119,
  approving: 2,
  roomsUsed: 36,
  checkIn: { checkedIn: 79, due: 115 },
  noShows: 29,
  missed: 7,
  notYetDue: 0,
  noCheckIn: 2,
  releasedEarly: 10,
  secondsGivenBack: 39_420,
  invitations: { accepted: 10, invited: 20 },
  busiestRooms: [
    { room: HOSTILE, seconds: 25_200, reservations: 6 },
    { room: "21F-01 Orchid", seconds: 25_200, reservations: 5 },
  ],
};

type DayRooms = Extract<RoomsDigest, { kind: "day" }>;

function roomsSection(summary: DayRooms["summary"], truncated = false): DigestSection {
  return { kind: "rooms", span: SPAN.rooms, open: OPEN.rooms, outcome: { ok: true, data: { kind: "day", day: "2026-11-20", truncated, summary } } };
}

function pushSection(outcome: Extract<DigestSection, { kind: "pushstats" }>["outcome"]): DigestSection {
  return { kind: "pushstats", span: SPAN.pushstats, open: OPEN.pushstats, outcome };
}

function meetingSection(data: Partial<MeetingDigest>): DigestSection {
  return {
    kind: "meeting",
    meetingNo: "455423258",
    span: SPAN.meeting,
    open: OPEN.meeting,
    outcome: {
      ok: true,
      data: { from: "2026-11-15", to: "2026-11-21", count: 3, countCapped: false, totalSeconds: 5400, measured: 3, partlyMeasured: false, timeZone: SHANGHAI, latest: [], ...data },
    },
  };
}

/** The day before yesterday had 34 meetings, 70,000 s and 560 participants. */
const CHANGE = { meetings: (33 - 34) / 34, durationSeconds: (68_640 - 70_000) / 70_000, participants: (554 - 560) / 560 };

function sections(): DigestSection[] {
  return [
    reportSection(CHANGE),
    roomsSection(SUMMARY),
    pushSection({ ok: false, error: `Feishu said ${HOSTILE}` }),
    meetingSection({
      latest: [
        { topic: HOSTILE, status: "in_progress", start: Date.parse("2026-11-21T00:00:00Z") },
        { topic: "", status: "ended", start: Date.parse("2026-11-20T02:00:00Z"), durationSeconds: 1800 },
        { topic: "Sync", status: "unavailable" },
      ],
    }),
  ];
}

/** The cases the goldens hold: every way each section can read. */
function variantsA(): DigestSection[] {
  return [
    reportSection(undefined),
    reportSection({ meetings: null, durationSeconds: null, participants: null }),
    reportSection({ meetings: 0, durationSeconds: (68_640 - 60_000) / 60_000, participants: (554 - 500) / 500 }),
    roomsSection({ ...SUMMARY, reservations: 0, roomsUsed: 0, busiestRooms: [] }),
    roomsSection({ ...SUMMARY, checkIn: { checkedIn: 0, due: 0 }, busiestRooms: [] }, true),
    pushSection({ ok: true, data: { day: "2026-11-18", result: { kind: "data", sent: 12_345, reached: 6789, rate1h: 0.4567, rate12h: undefined } } }),
  ];
}

function variantsB(): DigestSection[] {
  return [
    pushSection({ ok: true, data: { day: "2026-11-18", result: { kind: "pending", availableAt: "2026-11-20 10:00" } } }),
    pushSection({ ok: true, data: { day: "2026-11-18", result: { kind: "none" } } }),
    meetingSection({ count: 100, countCapped: true, measured: 80, totalSeconds: 200_000 }),
    meetingSection({ count: 3, measured: 2, partlyMeasured: true, totalSeconds: 59 }),
    meetingSection({ count: 0, measured: 0, totalSeconds: 0 }),
  ];
}

/** Every callback button's value on the card, in order. */
function buttonValues(card: Card): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === "object" && node !== null) {
      const n = node as Record<string, unknown>;
      if (n.type === "callback" && "value" in n) out.push(n.value);
      else Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return out;
}

function view(overrides: Partial<DigestView> = {}): DigestView {
  return {
    kind: "digest",
    name: "morning",
    period: "2026-11-21 09:00",
    timeZone: SHANGHAI,
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
    // Each section's button asks for what the section ran, unchanged.
    expect(buttonValues(card)).toEqual(sections().map((section) => section.open));
  });

  it("shows a rooms section over several days (`rooms 7d`) as the period's utilisation", () => {
    const totals = { rooms: 38, roomsUsed: 36, roomsUnused: 2, reservations: 700, bookedSeconds: 1_800_000, availableSeconds: 4_000_000, checkIn: { checkedIn: 500, due: 640 }, noShows: 90, releasedEarly: 40, secondsGivenBack: 72_000 };
    const period: DigestSection = {
      kind: "rooms",
      span: { from: "2026-11-14", to: "2026-11-20" },
      open: buttonAction("rooms", { period: { days: 7 } }),
      outcome: { ok: true, data: { kind: "period", from: "2026-11-14", to: "2026-11-20", days: 7, totals, truncated: false } },
    };
    const text = cardToText(rendered(view({ sections: [period] })));
    expect(text).toContain("**会议室使用率** · 2026-11-14 至 2026-11-20");
    expect(text).toContain("使用率 **45.0%**（预定 500小时）");
    expect(text).toContain("预定 **700** 个 · 会议室 **36** 间");
    expect(text).toContain("签到率 **78.1%**（500/640） · 未到场 **90** 个");
    expect(text).toContain("没人预定的会议室 **2** 间");
    const en = cardToText(rendered(view({ sections: [period] }), "en"));
    expect(en).toContain("**Room utilisation** · 2026-11-14 to 2026-11-20");
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
    const push = (result: Extract<DigestSection, { kind: "pushstats" }>["outcome"]): DigestView => view({ sections: [pushSection(result)] });
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
      if (s.kind === "rooms" && s.outcome.ok && s.outcome.data.kind === "day") {
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

  /**
   * The goldens were rendered before the figures moved into the view model (the card computed the
   * day-over-day change itself): the same figures must still read exactly the same.
   */
  it("renders the same figures as it did before the view model carried them (goldens)", () => {
    const cards: Array<[string, DigestView, "zh" | "en"]> = [
      ["digest.zh", view(), "zh"],
      ["digest.en", view(), "en"],
      ["digest-variants-a.zh", view({ sections: variantsA() }), "zh"],
      ["digest-variants-a.en", view({ sections: variantsA() }), "en"],
      ["digest-variants-b.zh", view({ sections: variantsB() }), "zh"],
      ["digest-variants-b.en", view({ sections: variantsB(), timeZone: "America/New_York" }), "en"],
      ["digest-late.en", view({ sections: sections().slice(0, 2), late: true, name: "mo**rn**ing" }), "en"],
      ["digest-preview.zh", view({ sections: sections().slice(2), preview: true }), "zh"],
    ];
    for (const [name, digest, locale] of cards) {
      const card = renderView(digest, locale);
      expect(card, name).toEqual(readGolden(name, card));
    }
  });
});

describe("the /digest list card", () => {
  const LIST_PAGE: ButtonAction = buttonAction("digest", { action: "list" });
  const entry = (name: string, extra: Partial<DigestListEntry> = {}): DigestListEntry => ({
    name,
    origin: "app.yaml",
    paused: false,
    cron: "0 9 * * 1-5",
    timeZone: SHANGHAI,
    nextRun: "2026-11-23 09:00",
    chats: 2,
    here: true,
    sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }, { kind: "meeting", meetingNo: "123456789" }],
    preview: buttonAction("digest", { action: "run", name }),
    ...extra,
  });

  it("lists each digest's schedule, next run and sections, with a preview button", () => {
    const card = rendered({ kind: "digest-list", entries: [entry(HOSTILE.slice(0, 40)), entry("weekly")], offset: 0, total: 2, pager: { page: 1, pages: 1 } });
    const text = cardToText(card);
    expect(text).toContain("· 0 9 * * 1-5（Asia/Shanghai）\napp.yaml 配置（聊天中只读） · 下次：2026-11-23 09:00 · 发往 2 个群（含本群）\n内容：会议概况、会议室、消息触达、会议号 123456789");
    expect(text).toContain("[ 在这里预览 weekly ]");
    for (const content of markdown(card)) expect(content).not.toContain("<at");
    expect(text).not.toContain("第 1/1 页");
    expect(buttonValues(card)).toEqual([entry(HOSTILE.slice(0, 40)).preview, entry("weekly").preview]);
  });

  it("pages a long list and says when there is nothing", () => {
    const entries = Array.from({ length: 8 }, (_, i) => entry(`digest-${i}`.padEnd(40, "x")));
    const prev = { ...LIST_PAGE, cursor: { back: [], page: 1, offset: 0 } };
    const next = { ...LIST_PAGE, cursor: { back: [], page: 3, offset: 16 } };
    const card = rendered({ kind: "digest-list", entries, offset: 8, total: 20, pager: { page: 2, pages: 3, prev, next } }, "en");
    const text = cardToText(card);
    expect(text).toContain("[ Previous ]  Page 2 of 3  [ Next ]");
    expect(buttonValues(card).slice(-2)).toEqual([prev, next]);
    checkCardBudget(card);
    const empty = cardToText(rendered({ kind: "digest-list", entries: [], offset: 0, total: 0, pager: { page: 1, pages: 1 } }, "en"));
    expect(empty).toContain("No digests yet: an admin can add one to this chat with /digest add");
  });

  it("confirms a digest added from chat: the schedule as typed, its cron, the next three runs, the chat and the sections", () => {
    const added = entry("weekly-rooms", {
      origin: "chat",
      schedule: "every monday 09:00",
      cron: "0 9 * * 1",
      chats: 1,
      sections: [{ kind: "rooms", days: 7 }, { kind: "report", days: 7 }],
    });
    const card = rendered(
      {
        kind: "digest-list",
        notice: {
          kind: "added",
          name: "weekly-rooms",
          schedule: "every monday 09:00",
          cron: "0 9 * * 1",
          timeZone: SHANGHAI,
          nextRuns: ["2026-11-23 09:00", "2026-11-30 09:00", "2026-12-07 09:00"],
          chatId: "oc_team",
          sections: [{ kind: "rooms", days: 7 }, { kind: "report", days: 7 }],
        },
        entries: [added, entry("paused-one", { origin: "chat", paused: true, nextRun: undefined })],
        offset: 0,
        total: 2,
        pager: { page: 1, pages: 1 },
      },
      "en",
    );
    const text = cardToText(card);
    expect(text).toContain(
      'Added weekly-rooms**\nSchedule: "every monday 09:00" = 0 9 * * 1 (Asia/Shanghai)\nNext three runs: 2026-11-23 09:00, 2026-11-30 09:00, 2026-12-07 09:00\nPosts into: this chat oc_team\nHolds: rooms (7 days), meetings (7 days)',
    );
    expect(text).toContain("added from chat · Next: 2026-11-23 09:00");
    expect(text).toContain("**paused-one** · 0 9 * * 1-5 (Asia/Shanghai) · **paused**\nadded from chat · Next: none while paused");
    checkCardBudget(card);
  });

  it("renders the same figures as it did before the view model carried them (goldens)", () => {
    const cards: Array<[string, DigestListView, "zh" | "en"]> = [
      [
        "digest-list.zh",
        { kind: "digest-list", entries: [entry(HOSTILE.slice(0, 40)), entry("weekly", { nextRun: undefined, here: false, chats: 1 })], offset: 0, total: 2, pager: { page: 1, pages: 1 } },
        "zh",
      ],
      [
        "digest-list-pages.en",
        { kind: "digest-list", entries: [entry("d8"), entry("d9")], offset: 8, total: 10, pager: { page: 2, pages: 2, prev: { ...LIST_PAGE, cursor: { back: [], page: 1, offset: 0 } } } },
        "en",
      ],
      ["digest-list-empty.en", { kind: "digest-list", entries: [], offset: 0, total: 0, pager: { page: 1, pages: 1 } }, "en"],
    ];
    for (const [name, list, locale] of cards) {
      const card = renderView(list, locale);
      expect(card, name).toEqual(readGolden(name, card));
    }
  });
});
