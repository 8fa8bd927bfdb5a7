/**
 * What an Export button sends: the full data behind a list card as plain tables, made by the
 * command (it knows its rows); turning them into an .xlsx file is the export layer's job.
 */

/** A cell: text, a number, or an instant (written as a date-time in the bot's time zone). */
export type SheetCell = string | number | Date | undefined;

export interface SheetColumn {
  /** The row field this column shows. */
  key: string;
  /** The header cell, in the asker's language. */
  header: string;
}

export interface Sheet {
  /** The worksheet's tab name (at most 31 characters, as Excel allows). */
  name: string;
  columns: readonly SheetColumn[];
  rows: ReadonlyArray<Readonly<Record<string, SheetCell>>>;
}

export interface ExportFile {
  /** The file name shown in the chat, ending in .xlsx. */
  fileName: string;
  sheets: readonly Sheet[];
}
