/**
 * The sandbox console prints an export's file message as one line: the file's name, its sheets and
 * its rows (below each header), read from the emulator's control API like everything it prints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { startTestSandbox } from "../helpers/sandbox.js";
import { buttonNumber, driveConsole } from "../sandbox/console-driver.js";

describe("console: a file message", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ config: (c) => ({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } }) });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("is one line naming the file, its sheets and rows, in the card's thread", async () => {
    const con = driveConsole(sandbox.emulator.url, {});
    try {
      const day = sandbox.config.sandbox!.busyDay;
      con.type(`/rooms ${day}`);
      await con.waitFor(/\[card 1 · group · reply to "\/rooms [^"]+"\][\s\S]*导出 Excel/);
      const from = con.mark();
      con.type(`:click ${buttonNumber(con.output(), 1, "导出 Excel")}`);
      const line = await con.waitFor(/\[file [^\n]*\]/, from);
      const file = sandbox.emulator.files()[0]!;
      const rows = file.workbook!.sheets.reduce((n, s) => n + s.rows.length - 1, 0);
      expect(line).toContain(`[file 会议室预定 ${day}.xlsx · 1 sheet · ${rows} rows · group · in the thread of card 1]`);
    } finally {
      con.close();
    }
  });
});
