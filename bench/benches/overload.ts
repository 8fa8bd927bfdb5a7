/**
 * 11. Overload without silence (issue 10): "5,000 messages in 30 s: 2,242 accepted commands failed
 * silently; 15 of 60 ordinary users' commands got nothing." The goal: every accepted command ends
 * in a reply (its answer, or a "your answer will follow" card and then the answer) within Feishu's
 * send limits (1,000 a minute per app, 50 a second, 5 a second per chat).
 *
 * The emulator runs here with its rate limits ON (it answers 429 / 99991400 / 230020 past Feishu's
 * limits, as Feishu does), the real clock, and pushes each message as Feishu does: signed and
 * encrypted, given up on after 3 s. The bot runs in its own process (hosts/overload-bot.ts) as
 * production wires it: `startBot` with a SQLite store (`openStore("sqlite:…")`, file under
 * bench/results/), app.yaml's defaults (queue 8 + 500, 10 commands a person a minute, sends that
 * wait up to 10 minutes for a slot, 30 s inbox lease), the 60 ordinary users listed as admins so
 * that /pushstats answers them.
 *
 * Three runs, each on a fresh SQLite file, the emulator's windows and logs reset in between:
 *  1. flood: the issue's mix. 60 ordinary users in 12 group chats send a few ordinary commands each
 *     (/help, /rooms today|yesterday|<busiest day>, /pushstats day <a past day with data>,
 *     /meeting <a busy number>, /digest) at random moments; 8 heavy senders, each spamming one of
 *     those groups, send the rest of the 5,000 evenly over the 30 s.
 *  2. kill -9: the same flood, the bot SIGKILLed at 15 s and started again at once on the same
 *     file (what a supervisor does). Pushes that find it down fail as they would with Feishu, which
 *     redelivers a failed event; the emulator does not, so this benchmark redelivers each failed push
 *     (same event) 15 s after it failed, Feishu's first retry interval.
 *  3. many askers: the 60 ordinary users, plus 130 people in direct chats sending 10 commands each
 *     (the per-person limit, so all of them are due an answer): 1,540 answers due in 30 s, more than
 *     Feishu's 1,000 sends a minute, so answers must wait for send slots for most of a minute.
 *
 * Why these sizes. Run 1 keeps the issue's 5,000 in 30 s: the per-person limit (10 a minute) turns
 * the heavy senders' bulk into 10 answers and one notice each, so about 330 replies are due and the
 * run drains in well under a minute; run 2 adds the 30 s lease the dead process's claims wait out.
 * Feishu's 1,000 sends a minute is what bounds run 3: 1,540 answers take at least 1.5 minutes
 * however fast the bot is. The three runs take about 3 minutes (quick, 500 messages in 10 s: about
 * 1.5, a third of it the lease in run 2).
 *
 * How each accepted message (HTTP 200 to the push) is classified, from what the emulator recorded
 * (its sent() log: what was posted in the chats; its calls(): every Open API call and its status)
 * and the bot's own log (which view each reply was; which messages it ignored under the per-person
 * limit):
 *  - answered: a reply card of the command's own (the reply's uuid is derived from the message and
 *    the purpose "reply"); split into a data card and an error card by the bot's "replied" record;
 *    and by whether a "your answer will follow" card went to that message first, or to another
 *    message of the same chat in the minute before or while it waited (the notice is merged: one
 *    per chat a minute), or neither although it waited more than 6 s;
 *  - refused by the per-person limit with a notice (a "slow down" reply to it), or ignored under
 *    that limit (logged) with the sender's one notice for that minute going to an earlier message;
 *  - nothing at all: none of the above. The figure that must be 0;
 *  - posted twice: two answers (or two notices of one kind) posted to one message. Must be 0. A reply
 *    call repeated with the same uuid (a resumed message) is absorbed by Feishu, as by the emulator:
 *    counted apart, as calls.
 *
 * BENCH_KEEP=1 keeps the SQLite files and the bot's logs in bench/results/overload-<pid>/.
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { cardToText } from "../../src/cards/text.js";
import { renderBusy } from "../../src/cards/views/busy.js";
import type { BusyView } from "../../src/commands/notices.js";
import { uuidFor } from "../../src/feishu/uuid.js";
import { messageInboxId } from "../../src/ingress/dedupe.js";
import { startEmulator, type Emulator, type SentMessage } from "../../src/sandbox/emulator/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import type { OverloadBotOptions, OverloadBotStats } from "../hosts/overload-bot.js";
import { startHost, type Host } from "../lib/child.js";
import { freshKeys, type WebhookKeys } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import type { OverloadSettings, Settings } from "../lib/settings.js";
import { percentile, sleep } from "../lib/stats.js";

const BOT_HOST = new URL("../hosts/overload-bot.ts", import.meta.url);
/** Feishu's send limits (im-message-create.md, the rate-limit table's level 4). */
const SENDS_PER_MINUTE = 1_000;
const SENDS_PER_SECOND = 50;
const CHAT_SENDS_PER_SECOND = 5;
/** app.yaml's access.user_commands_per_minute. */
const PERSON_LIMIT = 10;
/** Feishu's first redelivery of an event that got no 200. */
const REDELIVERY_AFTER_MS = 15_000;
/** The old bot's send deadline: a reply that found no slot within it was dropped. */
const OLD_SEND_DEADLINE_MS = 8_000;
/**
 * The bot tells a chat "your answer will follow" once a command has waited 5 s in its chat's queue;
 * a wait is counted as unannounced past 6 s from the push (the delivery and the post take a little).
 */
const DELAYED_AFTER_MS = 5_000;
const UNANNOUNCED_AFTER_MS = DELAYED_AFTER_MS + 1_000;
/** A chat hears "your answer will follow" at most once a minute: that one card stands for the minute. */
const MERGED_NOTICE_MS = 60_000;
/** After the bot looks idle: time for any late or second post to show up. */
const SETTLE_MS = 3_000;
const LOCALE = "zh";


type Who = "ordinary" | "heavy" | "asker";

interface Planned {
  at: number;
  who: Who;
  sender: string;
  chatId: string;
  chatType: "group" | "p2p";
  text: string;
}

interface Pushed extends Planned {
  pushedAt: number;
  messageId: string;
  eventId: string;
  status: number;
  /** Set when the first push failed and the event was delivered again. */
  redelivered?: { at: number; status: number };
}

interface BotProcess {
  host: Host<{ url: string; pid: number }>;
  readyAt: number;
  idle: OverloadBotStats;
  last?: OverloadBotStats;
}

/** What the scenario ran into, for the figures. */
interface RunResult {
  label: string;
  pushed: Pushed[];
  startedAt: number;
  pushesEndedAt: number;
  /** Ready times of the bot processes (a second one after a kill). */
  readyAt: number[];
  killedAt?: number;
  sent: SentMessage[];
  calls: ReturnType<Emulator["calls"]>;
  log: LogRecord[];
  inbox: Array<{ id: string; state: number; attempts: number }>;
  backlog: { pendingPeak: number; claimedPeak: number; samples: number };
  rss: { idle: number; peak: number };
  timedOut: boolean;
  waitedMs: number;
}

interface LogRecord {
  level: number;
  time: number;
  msg: string;
  pid?: number;
  messageId?: string;
  reply?: string;
  view?: string;
  [key: string]: unknown;
}

/** A small seeded generator, so every run sends the same mix at the same moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ordinary commands, from the commands' word tables, over the emulator's tenant. */
function ordinaryCommands(emulator: Emulator): string[] {
  const { tenant } = emulator;
  // Push data for a day exists from two days after it (Feishu makes it at 10:00 two days on): days 3–6 back.
  const pushDays = tenant.push.days.slice(-7, -3).map((d) => d.date);
  return [
    "/help",
    "/rooms today",
    `/pushstats day ${pushDays[0]}`,
    `/meeting ${tenant.notable.busyMeetingNo}`,
    "/rooms yesterday",
    `/rooms ${tenant.notable.busiestReservationDay}`,
    `/pushstats day ${pushDays[1]}`,
    "/digest",
    `/pushstats day ${pushDays[2]}`,
  ];
}

function ordinaryPlan(emulator: Emulator, s: OverloadSettings, rand: () => number): Planned[] {
  const commands = ordinaryCommands(emulator);
  const plan: Planned[] = [];
  for (let u = 0; u < s.ordinaryUsers; u++) {
    for (let c = 0; c < s.commandsPerUser; c++) {
      plan.push({
        at: rand() * s.seconds * 1000,
        who: "ordinary",
        sender: `ou_ovl_user_${u}`,
        chatId: `oc_ovl_group_${u % s.groups}`,
        chatType: "group",
        text: commands[(u + c * 3) % commands.length]!,
      });
    }
  }
  return plan;
}

/** Run 1 and 2: the ordinary users, and the heavy senders with the rest, evenly spread. */
function floodPlan(emulator: Emulator, s: OverloadSettings): Planned[] {
  const rand = random(10);
  const plan = ordinaryPlan(emulator, s, rand);
  const bulk = s.messages - plan.length;
  const interval = (s.seconds * 1000) / bulk;
  for (let i = 0; i < bulk; i++) {
    const h = i % s.heavySenders;
    plan.push({
      at: i * interval,
      who: "heavy",
      sender: `ou_ovl_heavy_${h}`,
      chatId: `oc_ovl_group_${h % s.groups}`,
      chatType: "group",
      text: i % 3 === 0 ? "/rooms today" : "/help",
    });
  }
  return plan.sort((a, b) => a.at - b.at);
}

/** Run 3: the ordinary users, and many people in direct chats, each within the per-person limit. */
function manyAskersPlan(emulator: Emulator, s: OverloadSettings): Planned[] {
  const rand = random(30);
  const plan = ordinaryPlan(emulator, s, rand);
  const commands = ordinaryCommands(emulator).filter((t) => !t.startsWith("/pushstats"));
  for (let a = 0; a < s.manyAskers.askers; a++) {
    for (let c = 0; c < s.manyAskers.perAsker; c++) {
      plan.push({
        at: rand() * s.seconds * 1000,
        who: "asker",
        sender: `ou_ovl_asker_${a}`,
        chatId: `oc_ovl_p2p_${a}`,
        chatType: "p2p",
        text: commands[(a + c) % commands.length]!,
      });
    }
  }
  return plan.sort((a, b) => a.at - b.at);
}

async function startBotProcess(options: OverloadBotOptions, emulator: Emulator, keys: WebhookKeys): Promise<BotProcess> {
  const host = await startHost<{ url: string; pid: number }>(BOT_HOST, { env: { BENCH_OVERLOAD_BOT: JSON.stringify(options) } });
  emulator.setWebhook({
    eventUrl: `${host.ready.url}/webhook/event`,
    cardUrl: `${host.ready.url}/webhook/card`,
    encryptKey: keys.encryptKey,
    verificationToken: keys.verificationToken,
  });
  const idle = await host.request<OverloadBotStats>("stats");
  return { host, readyAt: Date.now(), idle, last: idle };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function killHard(bot: BotProcess): Promise<void> {
  process.kill(bot.host.pid, "SIGKILL");
  while (isAlive(bot.host.pid)) await sleep(10);
}

function readLog(file: string): LogRecord[] {
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return [];
  }
  const out: LogRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line) as LogRecord);
    } catch {
      // A line cut short by the kill.
    }
  }
  return out;
}

async function runScenario(
  emulator: Emulator,
  dir: string,
  label: string,
  plan: Planned[],
  s: OverloadSettings,
  admins: string[],
  killAtMs?: number,
): Promise<RunResult> {
  emulator.reset();
  const file = `${dir}/${label}.db`;
  const logFile = `${dir}/${label}.log`;
  for (const f of [file, `${file}-wal`, `${file}-shm`, logFile]) rmSync(f, { force: true });
  const keys = freshKeys(emulator.appId);
  const options: OverloadBotOptions = { storeUrl: `sqlite:${file}`, domain: emulator.url, appSecret: emulator.appSecret, keys, logFile, admins };
  let bot = await startBotProcess(options, emulator, keys);
  const readyAt = [bot.readyAt];
  const bots = [bot];
  // A second handle on the bot's file: the inbox counts, read (WAL: never blocking the bot's writes).
  const reader: Store = await openStore(`sqlite:${file}`);
  const backlog = { pendingPeak: 0, claimedPeak: 0, samples: 0 };
  let polling = true;
  let botUp = true;
  const pollInbox = (async () => {
    while (polling) {
      const counts = await reader.inbox.counts();
      backlog.pendingPeak = Math.max(backlog.pendingPeak, counts.pending);
      backlog.claimedPeak = Math.max(backlog.claimedPeak, counts.claimed);
      backlog.samples += 1;
      await sleep(200);
    }
  })();
  let statsInFlight: Promise<unknown> = Promise.resolve();
  const pollStats = (async () => {
    while (polling) {
      if (botUp) {
        const current = bot;
        statsInFlight = current.host.request<OverloadBotStats>("stats").then(
          (stats) => void (current.last = stats),
          () => undefined,
        );
        await statsInFlight;
      }
      await sleep(1_000);
    }
  })();

  const pushed: Pushed[] = [];
  const pushes: Promise<void>[] = [];
  const redeliveries: Promise<void>[] = [];
  const push = async (item: Planned): Promise<void> => {
    const pushedAt = Date.now();
    const result = await emulator.pushMessage({ text: item.text, chatType: item.chatType, chatId: item.chatId, senderOpenId: item.sender });
    const record: Pushed = { ...item, pushedAt, messageId: result.messageId, eventId: result.eventId, status: result.status };
    pushed.push(record);
    if (result.status !== 200) {
      // Feishu delivers an event that got no 200 again (15 s later, the first time): the same event.
      redeliveries.push(
        sleep(Math.max(0, pushedAt + REDELIVERY_AFTER_MS - Date.now())).then(async () => {
          const again = await emulator.pushMessage({ messageId: result.messageId, eventId: result.eventId });
          record.redelivered = { at: Date.now(), status: again.status };
        }),
      );
    }
  };

  const startedAt = Date.now();
  let killedAt: number | undefined;
  const killing =
    killAtMs === undefined
      ? Promise.resolve()
      : sleep(killAtMs).then(async () => {
          botUp = false;
          await statsInFlight;
          killedAt = Date.now();
          await killHard(bot);
          bot = await startBotProcess(options, emulator, keys);
          bots.push(bot);
          readyAt.push(bot.readyAt);
          botUp = true;
        });
  for (const item of plan) {
    const due = startedAt + item.at;
    if (due > Date.now()) await sleep(due - Date.now());
    pushes.push(push(item));
  }
  const pushesEndedAt = Date.now();
  await killing;
  await Promise.all(pushes);
  await Promise.all(redeliveries);

  // Wait until the bot is idle: nothing waiting or held in the inbox, its chat queue empty, no post for a while.
  const waitStarted = Date.now();
  let timedOut = false;
  let lastSentCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const counts = await reader.inbox.counts();
    const stats = await bot.host.request<OverloadBotStats>("stats").catch(() => undefined);
    const sentCount = emulator.sent().length;
    if (sentCount !== lastSentCount) {
      lastSentCount = sentCount;
      lastChange = Date.now();
    }
    const idle = counts.pending + counts.claimed === 0 && stats !== undefined && stats.queue.pending + stats.queue.running === 0;
    if (idle && Date.now() - lastChange >= SETTLE_MS) break;
    if (Date.now() - pushesEndedAt > s.maxWaitSeconds * 1000) {
      timedOut = true;
      break;
    }
    await sleep(250);
  }
  const waitedMs = Date.now() - waitStarted;
  polling = false;
  await Promise.all([pollInbox, pollStats]);
  const finalStats = await bot.host.request<OverloadBotStats>("stats");
  bot.last = finalStats;
  await reader.close();
  await bot.host.stop();

  const db = new Database(file, { readonly: true });
  const inbox = db.prepare("SELECT id, state, attempts FROM inbox").all() as Array<{ id: string; state: number; attempts: number }>;
  db.close();
  const peak = Math.max(...bots.map((b) => b.last?.maxRssBytes ?? 0));
  return {
    label,
    pushed,
    startedAt,
    pushesEndedAt,
    readyAt,
    ...(killedAt !== undefined ? { killedAt } : {}),
    sent: emulator.sent(),
    calls: emulator.calls(),
    log: readLog(logFile),
    inbox,
    backlog,
    rss: { idle: bots[0]!.idle.rssBytes, peak },
    timedOut,
    waitedMs,
  };
}

type NoticeKind = "delayed" | "queue-full" | "shutting-down" | "rate";

/** What each kind of notice says, as cardToText shows it. */
function noticeMarkers(): Record<NoticeKind, string> {
  const line = (reason: BusyView["reason"], n: number) =>
    cardToText(renderBusy({ kind: "busy", reason, limit: PERSON_LIMIT, retryAfterSeconds: 60 }, LOCALE))
      .split("\n")
      .filter((l) => l.trim() !== "")[n]!;
  return { delayed: line("delayed", 1), "queue-full": line("queue-full", 1), "shutting-down": line("shutting-down", 1), rate: line("rate-limited", 0) };
}

type Outcome =
  | "answered"
  | "answered-error"
  | "rate-notice"
  | "rate-ignored"
  | "rate-ignored-no-notice"
  | "busy-refused"
  | "nothing";

interface Classified {
  message: Pushed;
  outcome: Outcome;
  answerAt?: number;
  /** A "will follow" card replied to this message before its answer. */
  ownNotice: boolean;
  /** A "will follow" card went to another message of its chat while it waited. */
  chatNotice: boolean;
  /** Answers posted to it (≥ 2: posted twice). */
  answers: number;
  /** Notices of one kind posted to it more than once. */
  doubleNotices: number;
}

function classify(run: RunResult) {
  const markers = noticeMarkers();
  const viewByReply = new Map<string, string>();
  /** Messages the bot ignored under the per-person limit, and when. */
  const ignored = new Map<string, number>();
  for (const r of run.log) {
    if (r.msg === "replied" && r.reply && r.view) viewByReply.set(r.reply, r.view);
    if (r.msg === "sender over their command rate; ignored" && r.messageId) ignored.set(r.messageId, r.time);
  }
  const replies = new Map<string, Array<{ sent: SentMessage; kind: NoticeKind | "answer" }>>();
  for (const sent of run.sent) {
    if (sent.kind !== "reply" || !sent.parentId) continue;
    const text = cardToText(sent.card);
    const purpose = sent.uuid === uuidFor("busy", sent.parentId) ? "busy" : "reply";
    let kind: NoticeKind | "answer" = "answer";
    if (purpose === "busy") {
      kind = text.includes(markers.delayed) ? "delayed" : text.includes(markers["queue-full"]) ? "queue-full" : "shutting-down";
    } else if (text.startsWith(markers.rate)) {
      kind = "rate";
    }
    replies.set(sent.parentId, [...(replies.get(sent.parentId) ?? []), { sent, kind }]);
  }
  const delayedByChat = new Map<string, number[]>();
  for (const [, list] of replies) {
    for (const r of list) if (r.kind === "delayed") delayedByChat.set(r.sent.chatId, [...(delayedByChat.get(r.sent.chatId) ?? []), r.sent.at]);
  }
  // Who got a rate notice, and when: an ignored message is covered by its sender's notice of that minute.
  const rateNoticeAt = new Map<string, number[]>();
  const bySender = new Map<string, Pushed>();
  for (const m of run.pushed) bySender.set(m.messageId, m);
  for (const [parent, list] of replies) {
    for (const r of list) {
      if (r.kind !== "rate") continue;
      const sender = bySender.get(parent)?.sender ?? "?";
      rateNoticeAt.set(sender, [...(rateNoticeAt.get(sender) ?? []), r.sent.at]);
    }
  }

  const accepted = run.pushed.filter((m) => m.status === 200 || m.redelivered?.status === 200);
  const out: Classified[] = accepted.map((message) => {
    const list = replies.get(message.messageId) ?? [];
    const answers = list.filter((r) => r.kind === "answer");
    const counts = new Map<string, number>();
    for (const r of list) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
    const doubleNotices = [...counts].filter(([k, n]) => k !== "answer" && n > 1).length;
    const first = answers[0];
    const ownNotice = list.some((r) => r.kind === "delayed" && (!first || r.sent.at <= first.sent.at));
    const answerAt = first?.sent.at;
    // One notice a chat a minute: one that went to the chat in the minute before, or while this waited, covers it.
    const chatNotice =
      !ownNotice &&
      answerAt !== undefined &&
      (delayedByChat.get(message.chatId) ?? []).some((at) => at >= message.pushedAt - MERGED_NOTICE_MS && at <= answerAt);
    let outcome: Outcome;
    if (first) outcome = viewByReply.get(first.sent.messageId) === "error" ? "answered-error" : "answered";
    else if (list.some((r) => r.kind === "rate")) outcome = "rate-notice";
    else if (ignored.has(message.messageId)) {
      // Covered when the sender's "slow down" of that window went out: the notice is issued for the
      // first command over the limit, within the minute before this one was ignored, and is posted
      // in its chat's turn (so possibly after).
      const at = ignored.get(message.messageId)!;
      const notices = rateNoticeAt.get(message.sender) ?? [];
      outcome = notices.some((n) => n >= at - 60_000) ? "rate-ignored" : "rate-ignored-no-notice";
    } else if (list.some((r) => r.kind === "queue-full" || r.kind === "shutting-down")) outcome = "busy-refused";
    else outcome = "nothing";
    return { message, outcome, ...(answerAt !== undefined ? { answerAt } : {}), ownNotice, chatNotice, answers: answers.length, doubleNotices };
  });
  return { accepted, classified: out, replies };
}

/** The shortest time Feishu's limits allow for `sends` posts from `from`: 1,000 in any 60 s, 50 in any 1 s. */
function sendFloorMs(sends: number): number {
  if (sends <= 0) return 0;
  const fullMinutes = Math.floor((sends - 1) / SENDS_PER_MINUTE);
  const rest = sends - fullMinutes * SENDS_PER_MINUTE;
  return fullMinutes * 60_000 + ((rest - 1) / SENDS_PER_SECOND) * 1000;
}

/**
 * Most posts in one window of `ms`, counted as Feishu's gateway (and the emulator) counts: fixed
 * windows on the clock. (The bot's own limiter keeps to any span of the window plus a margin.)
 */
function busiest(times: number[], ms: number): number {
  const counts = new Map<number, number>();
  for (const t of times) counts.set(Math.floor(t / ms), (counts.get(Math.floor(t / ms)) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** The figures every run reports. */
function report(figures: Figures, run: RunResult, title: string, plan: { ordinary: number; heavyOrAskers: string }) {
  const { accepted, classified } = classify(run);
  const n = (o: Outcome) => classified.filter((c) => c.outcome === o).length;
  const acc = accepted.length;
  const ref = { name: "accepted (200)", value: acc, unit: "" };
  const notAcked = run.pushed.filter((m) => m.status !== 200);
  const redelivered = notAcked.filter((m) => m.redelivered?.status === 200).length;
  const statuses = countBy(notAcked, (m) => String(m.status));
  figures.add({
    name: `${title}: messages accepted, of ${run.pushed.length} in ${((run.pushesEndedAt - run.startedAt) / 1000).toFixed(0)} s (${plan.ordinary} from ordinary users, ${plan.heavyOrAskers})${notAcked.length > 0 ? `; ${notAcked.length} got no 200 at first (${Object.entries(statuses).map(([st, c]) => `${c}×${st === "0" ? "none" : st}`).join(", ")}), ${redelivered} accepted on Feishu's redelivery 15 s later` : ""}`,
    value: acc,
    unit: "",
    reference: { name: "messages pushed", value: run.pushed.length, unit: "" },
    ratio: acc / run.pushed.length,
  });
  const answered = classified.filter((c) => c.outcome === "answered");
  figures.add({ name: "  answered with their data card", value: answered.length, unit: "", reference: ref });
  const ownNotice = classified.filter((c) => c.answerAt !== undefined && c.ownNotice).length;
  const chatNotice = classified.filter((c) => c.answerAt !== undefined && c.chatNotice).length;
  figures.add({ name: "    … of which after a 'your answer will follow' card to that very message", value: ownNotice, unit: "", reference: ref });
  figures.add({
    name: "    … of which after the chat's merged 'will follow' card (to another of its messages, in the minute before or while it waited)",
    value: chatNotice,
    unit: "",
    reference: ref,
  });
  const silentWait = classified.filter(
    (c) => c.answerAt !== undefined && !c.ownNotice && !c.chatNotice && c.answerAt - c.message.pushedAt > UNANNOUNCED_AFTER_MS,
  );
  const silentWaitMs = silentWait.map((c) => c.answerAt! - c.message.pushedAt);
  figures.add({
    name: `    … of which waited > ${UNANNOUNCED_AFTER_MS / 1000} s with no 'will follow' card in the chat since the message (longest ${((silentWaitMs.length ? Math.max(...silentWaitMs) : 0) / 1000).toFixed(1)} s)`,
    value: silentWait.length,
    unit: "",
    reference: ref,
    detail: { examples: silentWait.slice(0, 10).map((c) => ({ messageId: c.message.messageId, chatId: c.message.chatId, waitedMs: c.answerAt! - c.message.pushedAt })) },
  });
  // Which commands failed, and why, from the bot's own "command failed" records.
  const failedIds = new Set(classified.filter((c) => c.outcome === "answered-error").map((c) => c.message.messageId));
  const failures = run.log.filter((r) => r.msg === "command failed" && r.messageId && failedIds.has(r.messageId));
  const why = countBy(failures, (r) => {
    const err = r.err as { code?: number; feishuMsg?: string; message?: string } | undefined;
    return `/${String(r.command)}: ${err?.code ?? ""} ${(err?.feishuMsg ?? err?.message ?? "").replace(/^.*\((.*)\)$/, "$1")}`.trim();
  });
  figures.add({
    name: `  answered with an error card${failures.length > 0 ? ` (${Object.entries(why).map(([k, v]) => `${k} ×${v}`).join("; ")})` : ""}`,
    value: n("answered-error"),
    unit: "",
    reference: ref,
    detail: { why, examples: failures.slice(0, 5).map((r) => ({ messageId: r.messageId, err: r.err })) },
  });
  figures.add({ name: "  refused by the per-person limit, with a 'slow down' notice to that message", value: n("rate-notice"), unit: "", reference: ref });
  figures.add({
    name: "  refused by the per-person limit, ignored (logged): covered by the sender's one notice that minute",
    value: n("rate-ignored"),
    unit: "",
    reference: ref,
  });
  if (n("rate-ignored-no-notice") > 0) {
    figures.add({ name: "  ignored under the per-person limit with no notice to the sender at all", value: n("rate-ignored-no-notice"), unit: "", reference: ref, target: "0", met: false });
  }
  if (n("busy-refused") > 0) {
    figures.add({ name: "  refused as busy (queue full / shutting down): not answered", value: n("busy-refused"), unit: "", reference: ref });
  }
  const nothing = classified.filter((c) => c.outcome === "nothing");
  const inboxState = new Map(run.inbox.map((r) => [r.id, r]));
  figures.add({
    name: `  nothing at all${nothing.length > 0 ? ` (${countBy(nothing, (c) => c.message.who).ordinary ?? 0} from ordinary users)` : ""}`,
    value: nothing.length,
    unit: "",
    reference: ref,
    target: "0",
    met: nothing.length === 0,
    detail: {
      messages: nothing.slice(0, 50).map((c) => ({
        messageId: c.message.messageId,
        who: c.message.who,
        sender: c.message.sender,
        chatId: c.message.chatId,
        text: c.message.text,
        pushedAt: new Date(c.message.pushedAt).toISOString(),
        inbox: inboxState.get(messageInboxId(c.message.messageId)) ?? "no inbox row",
      })),
    },
  });
  const twice = classified.filter((c) => c.answers > 1 || c.doubleNotices > 0);
  figures.add({
    name: "  posted twice (two answers, or two notices of one kind, to one message)",
    value: twice.length,
    unit: "",
    reference: ref,
    target: "0",
    met: twice.length === 0,
    detail: { messages: twice.slice(0, 50).map((c) => ({ messageId: c.message.messageId, answers: c.answers, doubleNotices: c.doubleNotices })) },
  });

  // Reply calls repeated with the same uuid: a resumed message's answer, absorbed by Feishu's uuid check.
  const replyCalls = run.calls.filter((c) => c.endpoint === "message_reply" && c.status === 200);
  const perUuid = countBy(replyCalls, (c) => String((c.body as { uuid?: string } | undefined)?.uuid));
  const repeated = Object.values(perUuid).filter((k) => k > 1).length;
  if (run.killedAt !== undefined || repeated > 0) {
    figures.add({ name: "  replies called again with the same uuid (a resumed message; Feishu posts it once)", value: repeated, unit: "", reference: { name: "reply calls", value: replyCalls.length, unit: "" } });
  }

  const limited = run.calls.filter((c) => c.status === 429 || c.code === 99991400 || c.code === 230020);
  const limitedBy = countBy(limited, (c) => `${c.endpoint} ${c.code}`);
  figures.add({
    name: `rate-limit errors the emulator returned (429 / 99991400 / 230020)${limited.length > 0 ? `: ${Object.entries(limitedBy).map(([k, v]) => `${k} ×${v}`).join(", ")}` : ""}`,
    value: limited.length,
    unit: "",
    reference: { name: "API calls made", value: run.calls.length, unit: "" },
    target: "0",
    met: limited.length === 0,
    detail: { limitedBy, callsByEndpoint: countBy(run.calls, (c) => `${c.endpoint} ${c.status}`) },
  });
  const posts = run.sent.filter((m) => m.kind === "reply" || m.kind === "create");
  const postTimes = posts.map((m) => m.at);
  const perChat = new Map<string, number[]>();
  for (const m of posts) perChat.set(m.chatId, [...(perChat.get(m.chatId) ?? []), m.at]);
  const busiestMinute = busiest(postTimes, 60_000);
  const busiestChatSecond = Math.max(0, ...[...perChat.values()].map((t) => busiest(t, 1_000)));
  figures.add({
    name: `messages posted: most in any 60 s (most in any 1 s: ${busiest(postTimes, 1_000)}; in one chat in any 1 s: ${busiestChatSecond})`,
    value: busiestMinute,
    unit: "",
    reference: { name: "posted in all", value: posts.length, unit: "" },
    target: `≤ ${SENDS_PER_MINUTE} (${SENDS_PER_SECOND}/s, ${CHAT_SENDS_PER_SECOND}/s a chat)`,
    met: busiestMinute <= SENDS_PER_MINUTE && busiest(postTimes, 1_000) <= SENDS_PER_SECOND && busiestChatSecond <= CHAT_SENDS_PER_SECOND,
  });

  const lastReply = postTimes.length ? Math.max(...postTimes) : run.startedAt;
  const drainMs = lastReply - run.startedAt;
  // What Feishu's limits allow at best: the last message's push, or the posts at 1,000 a minute from the first.
  const floorMs = Math.max(run.pushesEndedAt - run.startedAt, sendFloorMs(posts.length));
  figures.add({
    name: `drain: first message → last reply${run.timedOut ? ` (gave up waiting after ${(run.waitedMs / 1000).toFixed(0)} s)` : ""}`,
    value: drainMs / 1000,
    unit: "s",
    reference: { name: `floor: last message, or ${posts.length} posts at ${SENDS_PER_MINUTE}/min`, value: floorMs / 1000, unit: "s" },
    ratio: drainMs / floorMs,
  });
  if (run.killedAt !== undefined) {
    const restartedAt = run.readyAt[1]!;
    figures.add({
      name: `  after the kill at ${((run.killedAt - run.startedAt) / 1000).toFixed(0)} s: restarted bot ready → last reply (its claims lapse after the 30 s lease)`,
      value: (lastReply - restartedAt) / 1000,
      unit: "s",
      reference: { name: "kill → ready", value: (restartedAt - run.killedAt) / 1000, unit: "s" },
    });
    const resumed = run.inbox.filter((r) => r.attempts > 1).length;
    const answeredBefore = classified.filter((c) => c.answerAt !== undefined && c.answerAt < run.killedAt!).length;
    figures.add({
      name: `  messages claimed twice (resumed from the killed process); ${answeredBefore} answered before the kill`,
      value: resumed,
      unit: "",
      reference: ref,
    });
  }
  const waits = (who: Who) => classified.filter((c) => c.message.who === who && c.answerAt !== undefined).map((c) => c.answerAt! - c.message.pushedAt);
  const ordinaryWaits = waits("ordinary");
  figures.add({
    name: `ordinary users' worst time to an answer (${ordinaryWaits.length} answers)`,
    value: Math.max(0, ...ordinaryWaits) / 1000,
    unit: "s",
    reference: { name: "their median", value: percentile(ordinaryWaits, 50) / 1000, unit: "s" },
    ratio: Math.max(0, ...ordinaryWaits) / percentile(ordinaryWaits, 50),
  });
  const allWaits = classified.filter((c) => c.answerAt !== undefined).map((c) => c.answerAt! - c.message.pushedAt);
  const pastOldDeadline = allWaits.filter((w) => w > OLD_SEND_DEADLINE_MS).length;
  figures.add({
    name: `answers that came > ${OLD_SEND_DEADLINE_MS / 1000} s after their message (the old bot dropped a reply with no send slot in 8 s)`,
    value: pastOldDeadline,
    unit: "",
    reference: { name: "answers", value: allWaits.length, unit: "" },
    detail: { p50Ms: percentile(allWaits, 50), p99Ms: percentile(allWaits, 99), maxMs: Math.max(0, ...allWaits) },
  });
  figures.add({
    name: `inbox backlog peak: waiting in the store (held by the worker at most: ${run.backlog.claimedPeak})`,
    value: run.backlog.pendingPeak,
    unit: "",
    reference: ref,
  });
  figures.add({
    name: "bot's peak RSS",
    value: run.rss.peak / 1e6,
    unit: "MB",
    reference: { name: "idle, after start", value: run.rss.idle / 1e6, unit: "MB" },
    ratio: run.rss.peak / run.rss.idle,
  });
  const problems = run.log.filter((r) => r.level >= 40);
  figures.add({
    name: `bot's log: warnings and errors (${Object.entries(countBy(problems, (r) => r.msg)).slice(0, 4).map(([m, k]) => `"${m}" ×${k}`).join(", ") || "none"})`,
    value: problems.length,
    unit: "",
    detail: { firstFew: problems.slice(0, 20) },
  });
}

export async function benchOverload(settings: Settings): Promise<Figures> {
  const figures = new Figures("11 overload");
  const s = settings.overload;
  const dir = new URL(`../results/overload-${process.pid}/`, import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  const emulator = await startEmulator({ rateLimits: true });
  const admins = Array.from({ length: s.ordinaryUsers }, (_, u) => `ou_ovl_user_${u}`);
  const ordinary = s.ordinaryUsers * s.commandsPerUser;
  try {
    const flood = floodPlan(emulator, s);
    const heavy = `${s.messages - ordinary} from ${s.heavySenders} heavy senders`;
    const one = await runScenario(emulator, dir, "flood", flood, s, admins);
    report(figures, one, `flood, ${s.ordinaryUsers} ordinary users in ${s.groups} groups`, { ordinary, heavyOrAskers: heavy });
    const two = await runScenario(emulator, dir, "kill", flood, s, admins, s.killAtSeconds * 1000);
    report(figures, two, `the same flood, bot kill -9'd at ${s.killAtSeconds} s and restarted on the same SQLite file`, { ordinary, heavyOrAskers: heavy });
    const many = manyAskersPlan(emulator, s);
    const three = await runScenario(emulator, dir, "many-askers", many, s, admins);
    const due = s.ordinaryUsers * s.commandsPerUser + s.manyAskers.askers * s.manyAskers.perAsker;
    report(figures, three, due > SENDS_PER_MINUTE ? `many askers, ${due.toLocaleString("en-US")} answers due: more than Feishu's ${SENDS_PER_MINUTE.toLocaleString("en-US")} sends a minute` : `many askers, ${due} answers due (within the send budget: quick run)`, {
      ordinary,
      heavyOrAskers: `${s.manyAskers.askers * s.manyAskers.perAsker} from ${s.manyAskers.askers} people in direct chats, ${s.manyAskers.perAsker} each`,
    });
  } finally {
    await emulator.close();
    if (process.env.BENCH_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
