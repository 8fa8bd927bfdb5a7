/**
 * Fault injection as the user lives it: a command through the signed webhook, the emulator
 * failing the Feishu call in one way per test, and what comes back — the card the asker reads and
 * the upstream calls it cost. (The gateway-level versions are in test/feishu/fault-modes.test.ts.)
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import type { Config } from "../../src/config/types.js";
import type { ApiCall, EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import { sleep, startTestSandbox, waitFor } from "../helpers/sandbox.js";

/** YYYY-MM-DD `n` days ago in the sandbox's zone (Asia/Shanghai, UTC+8, no daylight saving). */
const daysAgo = (n: number) => new Date(Date.now() + 8 * 3_600_000 - n * 86_400_000).toISOString().slice(0, 10);
const title = (card: unknown) => (card as { header?: { title?: { content?: string } } }).header?.title?.content ?? "";
const PUSH_TITLE = "机器人消息触达";
const HTTP_TIMEOUT_MS = 400;

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** A fresh sandbox per mode, so no cached answer hides a failure. */
async function start(emulator: EmulatorOptions = {}): Promise<RunningSandbox> {
  sandbox = await startTestSandbox({
    emulator,
    config: (c: Config) => ({ ...c, feishu: { ...c.feishu, httpTimeoutMs: HTTP_TIMEOUT_MS } }),
  });
  return sandbox;
}

/** Sends `text` as the sandbox's admin and waits for the one reply. */
async function ask(box: RunningSandbox, text: string, chatId = "oc_sandbox_p2p") {
  const started = Date.now();
  const delivery = await box.emulator.pushMessage({ text, chatType: "p2p", chatId });
  expect(delivery.status).toBe(200);
  const reply = await waitFor(() => box.emulator.sent().find((s) => s.parentId === delivery.messageId), 15_000, `a reply to ${text}`);
  return { reply, card: reply.card, text: cardToText(reply.card), elapsedMs: Date.now() - started, messageId: delivery.messageId };
}

const calls = (box: RunningSandbox, endpoint: string): ApiCall[] => box.emulator.calls().filter((c) => c.endpoint === endpoint);

describe("fault modes, end to end", () => {
  it("a 5xx once: retried, and the user gets the real card; two calls", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "http", status: 503 }, times: "once" });
    const { card } = await ask(box, "/pushstats");
    expect(title(card)).toBe(PUSH_TITLE);
    expect(calls(box, "push_overview").map((c) => c.status)).toEqual([503, 200]);
  });

  it("121001 once: retried, the real card; two calls", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "code", code: 121001 }, times: "once" });
    const { card } = await ask(box, "/pushstats");
    expect(title(card)).toBe(PUSH_TITLE);
    expect(calls(box, "push_overview").map((c) => c.code)).toEqual([121001, 0]);
  });

  it("99991400 with x-ogw-ratelimit-reset: waits the reset out, then the real card; two calls", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "code", code: 99991400, httpStatus: 429 }, times: "once" });
    const { card } = await ask(box, "/pushstats");
    expect(title(card)).toBe(PUSH_TITLE);
    const tries = calls(box, "push_overview");
    expect(tries.map((c) => [c.status, c.code])).toEqual([[429, 99991400], [200, 0]]);
    // The emulator says "reset in 1 s"; the bot did not knock again before that.
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("a timeout (no answer at all): retried after the HTTP timeout, the real card; two calls", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "hang" }, times: "once" });
    const { card, elapsedMs } = await ask(box, "/pushstats");
    expect(title(card)).toBe(PUSH_TITLE);
    expect(elapsedMs).toBeGreaterThanOrEqual(HTTP_TIMEOUT_MS);
    expect(calls(box, "push_overview").map((c) => c.status)).toEqual([0, 200]);
  });

  it("the token expiring mid-run: one new token for three concurrent commands, each answered; at most two calls each", async () => {
    const box = await start();
    await ask(box, "/pushstats");
    box.emulator.reset();
    box.emulator.expireTokens();
    const answers = await Promise.all(
      // Three queries the first command did not ask, so none is answered from the cache.
      ["/pushstats week", "/pushstats month", `/pushstats day ${daysAgo(5)}`].map((text, i) => ask(box, text, `oc_token_${i}`)),
    );
    expect(answers.map((a) => title(a.card))).toEqual([PUSH_TITLE, PUSH_TITLE, PUSH_TITLE]);
    expect(calls(box, "tenant_token")).toHaveLength(1);
    const tries = calls(box, "push_overview");
    // Each query succeeded once; a call that met the expired token was tried again once, with the
    // new one. (A call that left after the new token arrived never saw the old one.)
    const succeeded = tries.filter((c) => c.code === 0).map((c) => JSON.stringify(c.body));
    expect(new Set(succeeded).size).toBe(3);
    expect(succeeded).toHaveLength(3);
    const rejected = tries.filter((c) => c.code === 99991663);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(tries).toHaveLength(3 + rejected.length);
  });

  it("permission denied: not retried; a card saying what an administrator must do; one call", async () => {
    const box = await start({ vcAdminPermission: false });
    const { card, text } = await ask(box, "/rooms yesterday");
    expect(title(card)).toBe("没有权限查看会议数据");
    expect(text).toContain("管理权限");
    expect(text).toContain("121005");
    expect(calls(box, "reservation_list")).toHaveLength(1);
  });

  it("always failing: the allowed tries, then an error card that says to try again; three calls", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "code", code: 121001 }, times: "always" });
    const { card, text, elapsedMs } = await ask(box, "/pushstats");
    expect(title(card)).toBe("飞书暂时出错了");
    expect(text).toContain("请稍后再试");
    expect(calls(box, "push_overview")).toHaveLength(3);
    // Within the gateway's deadline: the user is not kept waiting for long.
    expect(elapsedMs).toBeLessThan(8_000);
  });

  it("always hanging: every try times out, and the user still gets a card saying Feishu did not answer", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "hang" }, times: "always" });
    const { card } = await ask(box, "/pushstats");
    expect(title(card)).toBe("连不上飞书");
    expect(calls(box, "push_overview")).toHaveLength(3);
  });

  it("the reply itself failing once: sent again with the same uuid, so the chat sees one card", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "message_reply", effect: { kind: "http", status: 502 }, times: "once" });
    const { messageId } = await ask(box, "/help");
    await sleep(200);
    const replies = calls(box, "message_reply");
    expect(replies.map((c) => c.status)).toEqual([502, 200]);
    expect((replies[0]!.body as { uuid?: string }).uuid).toBe((replies[1]!.body as { uuid?: string }).uuid);
    expect(box.emulator.sent().filter((s) => s.parentId === messageId)).toHaveLength(1);
  });

  it("everything failing at once: the process keeps serving", async () => {
    const box = await start();
    box.emulator.injectFault({ endpoint: "push_overview", effect: { kind: "http", status: 500 }, times: "always" });
    const { card } = await ask(box, "/pushstats");
    expect(title(card)).toBe("飞书暂时繁忙");
    box.emulator.clearFaults();
    expect(title((await ask(box, "/pushstats week")).card)).toBe(PUSH_TITLE);
    expect((await fetch(`${box.bot.url}/healthz`)).status).toBe(200);
  });
});
