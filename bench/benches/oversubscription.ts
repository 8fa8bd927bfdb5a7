/**
 * 5. Oversubscription: distinct `/meeting <number>` commands at 10× list_by_no's documented rate
 * (100/min) for 60 s, each from its own person in its own chat, against the emulator with rate
 * limits ON and the real clock; the sandbox wiring (startSandbox) as shipped. Counted: 429s the
 * emulator answered, list_by_no calls it served in the run as a share of what the limit allows
 * in that time (100 in any 60 s), and what every asker got back.
 */
import { Writable } from "node:stream";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/start.js";
import { createLogger } from "../../src/log/logger.js";
import { benchConfig } from "../lib/config.js";
import { freshKeys } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import type { Settings } from "../lib/settings.js";
import { sleep } from "../lib/stats.js";

const LIMIT_PER_MINUTE = 100;
/** After the last command: the gateway's 8 s deadline, a retry's wait and the reply. */
const ANSWER_GRACE_MS = 20_000;

/** Counts the bot's "replied" log records by the kind of card sent. */
class ReplyLog extends Writable {
  readonly kinds: Record<string, number> = {};
  private partial = "";

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const lines = (this.partial + chunk.toString("utf8")).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) {
      try {
        const record = JSON.parse(line) as { msg?: string; view?: string; reason?: string };
        if (record.msg === "replied" && record.view) this.kinds[record.view] = (this.kinds[record.view] ?? 0) + 1;
      } catch {
        // Not a log record.
      }
    }
    done();
  }
}

export async function benchOversubscription(settings: Settings): Promise<Figures> {
  const figures = new Figures("5 oversubscription");
  const { seconds, multiple } = settings.oversubscription;
  const log = new ReplyLog();
  const base = benchConfig({ domain: "http://127.0.0.1:1", appSecret: "unused", keys: freshKeys() });
  let sandbox: RunningSandbox | undefined;
  try {
    sandbox = await startSandbox(base, createLogger({ level: "info", destination: log }), { rateLimits: true });
    const { emulator } = sandbox;
    const numbers = [...new Set(emulator.tenant.meetings.map((m) => m.meetingNo))];
    const ratePerSecond = (multiple * LIMIT_PER_MINUTE) / 60;
    const total = Math.round(ratePerSecond * seconds);
    const started = Date.now();
    const pushes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / ratePerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      // Past the tenant's numbers, unused ones: still distinct queries, each a list_by_no call.
      const number = numbers[i] ?? String(100_000_000 + i * 7919).slice(0, 9);
      pushes.push(emulator.pushMessage({ text: `/meeting ${number}`, chatType: "p2p", chatId: `oc_os_${i}`, senderOpenId: `ou_os_${i}` }));
    }
    const ended = Date.now();
    const acks = await Promise.all(pushes);
    const deadline = Date.now() + ANSWER_GRACE_MS;
    while (emulator.sent().length < total && Date.now() < deadline) await sleep(100);

    const calls = emulator.calls();
    const limitedCalls = calls.filter((c) => c.status === 429 || c.code === 99991400);
    const limited = limitedCalls.length;
    const limitedBy: Record<string, number> = {};
    for (const c of limitedCalls) limitedBy[c.endpoint] = (limitedBy[c.endpoint] ?? 0) + 1;
    // For each 429: how many calls of its endpoint the emulator had let through in its windows.
    const windowCounts = limitedCalls.map((c) => {
      const same = calls.filter((o) => o.endpoint === c.endpoint && o.status === 200);
      const inWindow = (ms: number) => same.filter((o) => Math.floor(o.at / ms) === Math.floor(c.at / ms)).length;
      return { endpoint: c.endpoint, at: new Date(c.at).toISOString(), okThatSecond: inWindow(1000), okThatMinute: inWindow(60_000) };
    });
    const listed = calls.filter((c) => c.endpoint === "meeting_list_by_no" && c.status === 200 && c.at >= started && c.at <= ended);
    const allowed = LIMIT_PER_MINUTE * Math.ceil((ended - started) / 60_000);
    const answered = emulator.sent().length;
    const unacked = acks.filter((a) => (a as { status: number }).status !== 200).length;
    figures.add({
      name: `429s from the emulator, ${multiple}× list_by_no's rate for ${seconds} s${limited > 0 ? ` (${Object.entries(limitedBy).map(([e, n]) => `${e} ${n}`).join(", ")})` : ""}`,
      value: limited,
      unit: "",
      reference: { name: "API calls made", value: calls.length, unit: "" },
      target: "0",
      met: limited === 0,
      detail: { limitedBy, windowCounts },
    });
    figures.add({
      name: "list_by_no calls served in the run",
      value: listed.length,
      unit: "calls",
      reference: { name: "the limit allows 100 in any 60 s", value: allowed, unit: "calls" },
      ratio: listed.length / allowed,
      target: "≥ 0.95×",
      met: listed.length / allowed >= 0.95,
    });
    figures.add({
      name: `commands answered (${total} sent, ${unacked} not acked)`,
      value: answered,
      unit: "",
      reference: { name: "commands sent", value: total, unit: "" },
      ratio: answered / total,
      target: "= 1.00×",
      met: answered === total,
    });
    for (const [kind, count] of Object.entries(log.kinds).sort((a, b) => b[1] - a[1])) {
      figures.add({ name: `  … answered with a "${kind}" card`, value: count, unit: "", reference: { name: "commands sent", value: total, unit: "" } });
    }
  } finally {
    await sandbox?.close();
  }
  return figures;
}
