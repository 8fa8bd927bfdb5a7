/**
 * The console's pickers: listed above a card's text with what each shows, and `:pick C.N VALUE`
 * picks on one as Feishu's client would (a day sent as "YYYY-MM-DD +hhmm", a select's option by its
 * label or value), the card reprinted under its number.
 */
import dayjs from "dayjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HELP } from "../../src/sandbox/console.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { anchoredClock, startTestSandbox } from "../helpers/sandbox.js";
import { driveConsole, type ConsoleDriver } from "./console-driver.js";

describe("sandbox console pickers", () => {
  let sandbox: RunningSandbox;
  let con: ConsoleDriver | undefined;
  const clock = anchoredClock();
  const day = (offset: number) => dayjs(sandbox.emulator.tenant.today).add(offset, "day").format("YYYY-MM-DD");

  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: (c) => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } }), emulator: { now: clock } });
  });
  afterEach(() => con?.close());
  afterAll(async () => {
    await sandbox.close();
  });

  it("lists a card's pickers with their values, and :pick changes the day and the range", async () => {
    con = driveConsole(sandbox.emulator.url);
    con.type("/rooms");
    const rooms = await con.waitFor(/\[card 1 · group · reply to "\/rooms"\]\n {2}pick \[1\.1\] date (\S+)\n {2}pick \[1\.2\] (.+) ▾ \*全部会议室\* \|/);
    expect(rooms).toContain(`pick [1.1] date ${day(0)}`);

    let from = con.mark();
    con.type(`:pick 1.1 ${day(-2)}`);
    const picked = await con.waitFor(/\[card 1 · group · updated\]\n {2}pick \[1\.1\] date \S+/, from);
    expect(picked).toContain(`pick [1.1] date ${day(-2)}`);
    expect(picked).toContain(`会议室预定 · ${day(-2)}`);

    con.type("/report");
    await con.waitFor(/\[card 2 · group · reply to "\/report"\]\n {2}pick \[2\.1\] 最近 7 天 ▾/);
    from = con.mark();
    con.type(":pick 2.1 最近 30 天");
    await con.waitFor(/\[card 2 · group · updated\]\n {2}pick \[2\.1\] 最近 30 天 ▾ 最近 7 天 \| 最近 14 天 \| \*最近 30 天\*/, from);

    from = con.mark();
    con.type(":pick 2.1 365d");
    expect(await con.waitFor(/no option "365d"/, from)).toContain("最近 90 天");
    con.type(":pick 1.1 yesterday");
    await con.waitFor(/a date picker takes a day as YYYY-MM-DD/, from);
  });

  it("says how to pick in its help", () => {
    expect(HELP).toContain(":pick C.N VALUE");
  });
});
