/** The .xlsx writer, read back with exceljs: what a person opening the file would find. */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { ExportFile } from "../../src/commands/export.js";
import { toXlsx } from "../../src/export/xlsx.js";

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

const file: ExportFile = {
  fileName: "会议列表.xlsx",
  sheets: [
    {
      name: "会议",
      columns: [
        { key: "topic", header: "会议主题" },
        { key: "start", header: "开始时间" },
        { key: "minutes", header: "时长（分钟）" },
        { key: "host", header: "主持人" },
      ],
      rows: [
        { topic: "周会", start: new Date("2026-12-01T01:30:00Z"), minutes: 45, host: "ou_1" },
        { topic: '=HYPERLINK("http://evil","x")', start: undefined, minutes: 0 },
        { topic: "+1 and -1", start: new Date(Number.NaN), minutes: Number.NaN, host: "@SUM(A1)" },
      ],
    },
    { name: "a/b:c*d?[e]f that is far longer than thirty-one characters", columns: [{ key: "x", header: "X" }], rows: [{ x: "1" }] },
    { name: "会议", columns: [{ key: "x", header: "X" }], rows: [] },
  ],
};

describe("toXlsx", () => {
  it("writes one sheet per table, with a bold, frozen header row and widths that fit", async () => {
    const workbook = await open(await toXlsx(file, { timeZone: "Asia/Shanghai" }));
    const ws = workbook.worksheets[0]!;
    expect(ws.name).toBe("会议");
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(["会议主题", "开始时间", "时长（分钟）", "主持人"]);
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.rowCount).toBe(4);
    // "会议主题" is four wide characters: at least 8 columns, plus padding.
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(10);
    expect(ws.getColumn(2).width).toBeGreaterThanOrEqual("yyyy-mm-dd hh:mm".length);
  });

  it("writes instants as date-times of the bot's time zone, numbers as numbers, nothing for an absent cell", async () => {
    const ws = (await open(await toXlsx(file, { timeZone: "Asia/Shanghai" }))).worksheets[0]!;
    const start = ws.getRow(2).getCell(2);
    expect(start.value).toEqual(new Date("2026-12-01T09:30:00Z"));
    expect(start.numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(ws.getRow(2).getCell(3).value).toBe(45);
    expect(ws.getRow(3).getCell(2).value).toBeNull();
    // An invalid date or number is left empty rather than written as garbage.
    expect(ws.getRow(4).getCell(2).value).toBeNull();
    expect(ws.getRow(4).getCell(3).value).toBeNull();
    const utc = (await open(await toXlsx(file, { timeZone: "UTC" }))).worksheets[0]!;
    expect(utc.getRow(2).getCell(2).value).toEqual(new Date("2026-12-01T01:30:00Z"));
  });

  it("keeps text that looks like a formula as text", async () => {
    const ws = (await open(await toXlsx(file, { timeZone: "Asia/Shanghai" }))).worksheets[0]!;
    for (const [row, col] of [[3, 1], [4, 1], [4, 4]] as const) {
      const cell = ws.getRow(row).getCell(col);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(ws.getRow(3).getCell(1).value).toBe('=HYPERLINK("http://evil","x")');
  });

  it("names sheets as Excel allows: no forbidden characters, at most 31, never twice", async () => {
    const names = (await open(await toXlsx(file, { timeZone: "Asia/Shanghai" }))).worksheets.map((ws) => ws.name);
    expect(names[1]).toHaveLength(31);
    expect(names[1]).not.toMatch(/[\\/?*[\]:]/);
    expect(names[2]).toBe("会议 (2)");
  });
});
