/**
 * An ExportFile (plain tables a command made) → the bytes of an .xlsx workbook, with exceljs: one
 * worksheet per sheet, a bold frozen header row, column widths that fit the text. Strings are
 * written as strings, never as formulas, so a topic typed as "=HYPERLINK(…)" stays text; instants
 * become date-times in the bot's time zone (Excel's dates carry no zone: the wall clock is written).
 */
import ExcelJS from "exceljs";
import type { ExportFile, Sheet, SheetCell } from "../commands/export.js";
import { wallClockDate } from "../time/local.js";

/** Excel's limit on a worksheet's name. */
const MAX_SHEET_NAME = 31;
/** Characters Excel refuses in a worksheet's name. */
const SHEET_NAME_FORBIDDEN = /[\\/?*[\]:]/gu;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
const DATE_FORMAT = "yyyy-mm-dd hh:mm";

export interface XlsxOptions {
  /** The bot's time zone: instants are written as its wall-clock time. */
  timeZone: string;
}

export async function toXlsx(file: ExportFile, opts: XlsxOptions): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const used = new Set<string>();
  for (const sheet of file.sheets) addSheet(workbook, sheet, uniqueName(sheet.name, used), opts.timeZone);
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}

function addSheet(workbook: ExcelJS.Workbook, sheet: Sheet, name: string, timeZone: string): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = sheet.columns.map((column) => ({ key: column.key, width: MIN_WIDTH }));
  const header = ws.getRow(1);
  sheet.columns.forEach((column, i) => {
    header.getCell(i + 1).value = column.header;
  });
  header.font = { bold: true };
  const widths = sheet.columns.map((column) => displayWidth(column.header));
  for (const row of sheet.rows) {
    const values = sheet.columns.map((column) => cellValue(row[column.key], timeZone));
    const added = ws.addRow(values);
    values.forEach((value, i) => {
      if (value instanceof Date) added.getCell(i + 1).numFmt = DATE_FORMAT;
      widths[i] = Math.max(widths[i] ?? 0, value instanceof Date ? DATE_FORMAT.length : displayWidth(value === null ? "" : String(value)));
    });
  }
  ws.columns.forEach((column, i) => {
    column.width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, (widths[i] ?? 0) + 2));
  });
}

/**
 * A cell as exceljs writes it. A string is a plain string value: exceljs writes a formula only for
 * `{formula}` objects, so text starting with "=" is stored as text.
 */
function cellValue(cell: SheetCell, timeZone: string): string | number | Date | null {
  if (cell === undefined) return null;
  if (cell instanceof Date) return Number.isFinite(cell.getTime()) ? wallClockDate(cell, timeZone) : null;
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : null;
  return cell;
}

/** Wide (CJK) characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

/** A name Excel accepts (no forbidden characters, at most 31), different from the sheets before it. */
function uniqueName(name: string, used: Set<string>): string {
  const clean = [...(name.replace(SHEET_NAME_FORBIDDEN, " ").trim() || "Sheet")];
  let candidate = clean.slice(0, MAX_SHEET_NAME).join("");
  for (let n = 2; used.has(candidate.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    candidate = clean.slice(0, MAX_SHEET_NAME - suffix.length).join("") + suffix;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}
