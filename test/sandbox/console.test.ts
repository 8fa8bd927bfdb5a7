import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { sandboxDigest, SANDBOX_DIGEST_NAME, SANDBOX_GROUP_CHAT } from "../../src/sandbox/digest.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { buttonNumber, driveConsole, type ConsoleDriver } from "./console-driver.js";

/**
 * The sandbox console, typed into and read from its streams against a running sandbox: what it
 * prints is what a chat user would see, and it talks to the emulator's control API only.
 */
describe("sandbox console", () => {
  let sandbox: RunningSandbox;
  let consoles: ConsoleDriver[] = [];
  const open = (options: Parameters<typeof driveConsole>[1] = {}) => {
    const driver = driveConsole(sandbox.emulator.url, options);
    consoles.push(driver);
    return driver;
  };

  beforeAll(async () => {
    // A digest that never fires on its own (03:00 on 1 January): the tests post it with runNow. One
    // person types every test's commands, so the per-person limit is off.
    sandbox = await startTestSandbox({
      config: (c) => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 }, digests: [{ ...sandboxDigest(c), cron: "0 3 1 1 *" }] }),
    });
  });
  afterEach(() => {
    consoles.forEach((driver) => driver.close());
    consoles = [];
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("numbers each card, lists its buttons under it, and :click C.N presses button N of card C, which is reprinted under its number", async () => {
    const con = open();
    const meetingNo = sandbox.emulator.tenant.notable.busyMeetingNo;
    con.type(`/meeting ${meetingNo}`);
    const first = await con.waitFor(/\[card 1 · group · reply to "\/meeting \d+"\][\s\S]*buttons: .*下一页/);
    expect(first).toMatch(/第 1 \//);
    con.type(`/rooms ${sandbox.config.sandbox!.busyDay}`);
    await con.waitFor(/\[card 2 · group · reply to "\/rooms [^"]+"\][\s\S]*buttons: \[2\.1\]/);

    // Card 2 is the newest, yet card 1's Next is what is pressed.
    const from = con.mark();
    con.type(`:click ${buttonNumber(con.output(), 1, "下一页")}`);
    const after = await con.waitFor(/\[card 1 · group · updated\][\s\S]*buttons:/, from);
    expect(after).toMatch(/第 2 \//);
    expect(after).not.toContain("[card 3");
  });

  it("in the direct chat, :click N presses the newest card of that chat, not a digest posted to the group meanwhile", async () => {
    const con = open();
    con.type(":p2p");
    await con.waitFor("direct chat");
    con.type(`/meeting ${sandbox.emulator.tenant.notable.busyMeetingNo}`);
    const list = await con.waitFor(/\[card 1 · p2p · reply to[^\]]*\][\s\S]*buttons: .*下一页/);
    await sandbox.bot.scheduler.runNow(SANDBOX_DIGEST_NAME, SANDBOX_GROUP_CHAT);
    await con.waitFor(/\[card 2 · group · posted by the bot\][\s\S]*buttons:/);

    const from = con.mark();
    const next = buttonNumber(list, 1, "下一页").split(".")[1]!;
    con.type(`:click ${next}`);
    const after = await con.waitFor(/\[card 1 · p2p · updated\][\s\S]*buttons:/, from);
    expect(after).toMatch(/第 2 \//);
    expect(after).not.toMatch(/\[card 2 ·/);
  });

  it("keeps a working card's number when its answer is patched in", async () => {
    const slow = await startTestSandbox({ bot: { workingNoticeAfterMs: 200 } });
    try {
      slow.emulator.injectFault({ endpoint: "reservation_list", effect: { kind: "latency", ms: 1_500 }, times: "once" });
      const con = driveConsole(slow.emulator.url);
      consoles.push(con);
      con.type(`/rooms ${slow.config.sandbox!.busyDay}`);
      await con.waitFor(/\[card 1 · group · reply to "\/rooms [^"]+"\]/);
      const answer = await con.waitFor(/\[card 1 · group · updated\][\s\S]*buttons:/);
      expect(answer).toContain("预定明细");
      expect(con.output()).not.toContain("[card 2");
    } finally {
      await slow.close();
    }
  });

  it("prints the toast a click is answered with", async () => {
    const con = open();
    con.type("/report 7d");
    const report = await con.waitFor(/\[card 1 · group · reply to "\/report 7d"\][\s\S]*buttons: \[1\.1\]/);
    expect(report).toContain("会议");
    con.type(":as member");
    await con.waitFor("not an admin");
    const from = con.mark();
    con.type(":click 1.1");
    const toast = await con.waitFor(/\[toast · error\] [^\n]*\/report/, from);
    expect(toast).toContain("管理员");
  });

  it("renders card markdown without its marks: plain text off a terminal, ANSI bold on one", async () => {
    const plain = open();
    plain.type(`/rooms ${sandbox.config.sandbox!.busyDay}`);
    const text = await plain.waitFor(/\[card 1 ·[\s\S]*buttons:/);
    expect(text).toContain("概览");
    expect(text).not.toContain("**");
    expect(text).not.toContain("\x1b[");

    const tty = open({ isTTY: true });
    tty.type(`/rooms ${sandbox.config.sandbox!.busyDay}`);
    const styled = await tty.waitFor(/\[card 1 ·[\s\S]*buttons:/);
    expect(styled).toContain("\x1b[1m概览\x1b[22m");
    expect(styled).not.toContain("**");
  });

  it("shows a chart as a one-line sparkline with its min and max", async () => {
    const con = open();
    con.type("/report 30d");
    const text = await con.waitFor(/\[card 1 ·[\s\S]*buttons:/);
    expect(text).toMatch(/每日会议数: [▁▂▃▄▅▆▇█]{30} {2}min \d+ · max \d+/);
    expect(text).not.toContain("[chart:");
  });

  it("prints in full a drill-down answered in the card's thread", async () => {
    const con = open();
    // A week: few enough meetings to be counted before the first card, so card 1 is not updated later.
    con.type(`/meeting ${sandbox.emulator.tenant.notable.busyMeetingNo} 7d`);
    const list = await con.waitFor(/\[card 1 ·[\s\S]*buttons:/);
    const from = con.mark();
    con.type(`:click ${buttonNumber(list, 1, "详情")}`);
    const detail = await con.waitFor(/\[card 2 · group · in the thread of card 1\]\n【[^\n]+】/, from);
    expect(detail).toMatch(/\[toast · info\] 已在话题中发送/);
    expect(detail).not.toContain("[card 1 · group · updated]");
  });

  it(":as acts as an ordinary member, whose admin-only commands are refused; :as me is the admin again", async () => {
    const con = open();
    con.type(":as member");
    const who = await con.waitFor(/you are [^\n]+ \(ou_\w+\), not an admin/);
    expect(who).not.toContain("ou_sandbox_user");
    let from = con.mark();
    con.type("/report 7d");
    const refusal = await con.waitFor(/\[card 1 · group · reply to "\/report 7d"\][\s\S]*管理员/, from);
    expect(refusal).toMatch(/group as [^>]+> /);

    con.type(":p2p");
    from = con.mark();
    con.type("/help");
    await con.waitFor(/\[card 2 · p2p with [^\]·]+ · reply to "\/help"\]/, from);

    from = con.mark();
    con.type(":as me");
    await con.waitFor("(ou_sandbox_user), an admin", from);
    con.type("/report 7d");
    const answer = await con.waitFor(/\[card 3 · p2p · reply to "\/report 7d"\][\s\S]*buttons:/, from);
    expect(answer).not.toContain("管理员");
  });

  it("names an unknown person rather than guessing", async () => {
    const con = open();
    con.type(":as 火星人");
    await con.waitFor('no one in the sandbox\'s tenant is called "火星人"');
    con.type(":as");
    await con.waitFor("you are the sandbox's default user (ou_sandbox_user), an admin");
  });

  it("shows the bot's 'did you mean' card for a mistyped command", async () => {
    const con = open();
    con.type("/room yesterday");
    await con.waitFor(/\[card 1 · group · reply to "\/room yesterday"\]\n[\s\S]*\/rooms\b/);
  });

  it(":help lists the console's commands", async () => {
    const con = open();
    const from = con.mark();
    con.type(":help");
    const help = await con.waitFor(":quit", from);
    for (const command of [":as WHO", ":click C.N", ":click N", ":group | :p2p"]) expect(help).toContain(command);
    con.type(":clik 1");
    await con.waitFor("unknown console command :clik 1; :help lists them");
  });
});
