/**
 * POST /open-apis/im/v1/files, as Feishu's upload (im-v1/file/create, "上传文件"): multipart with
 * file_type (an enum), file_name and the file; at most 30 MB and never empty. The emulator keeps
 * each file under the file_key it hands back, so a `file` message can be checked to name a file this
 * app uploaded, and a test can open what the bot sent. An .xlsx is opened with exceljs on upload:
 * what it holds (sheets and rows) is kept for tests, and a file that is no workbook is noted, so a
 * file message naming it is refused (Feishu would show a file nobody can open).
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import type { ApiError, RouteDefinition } from "../context.js";
import type { MessagingState } from "./state.js";

/** The page's bound: "文件大小不得超过 30 MB". */
export const FILE_MAX_BYTES = 30 * 1024 * 1024;

/** What a workbook holds, as exceljs reads it back: each sheet's name and its rows' cell values. */
export interface WorkbookContent {
  sheets: { name: string; rows: unknown[][] }[];
}

export interface UploadedFile {
  fileKey: string;
  fileType: string;
  fileName: string;
  bytes: Buffer;
  at: number;
  /** For a file named .xlsx: what it holds, or why it is no workbook. */
  workbook?: WorkbookContent;
  workbookError?: string;
}

export interface FileStore {
  add(file: UploadedFile): void;
  get(fileKey: string): UploadedFile | undefined;
  list(): UploadedFile[];
  reset(): void;
}

export function createFileStore(): FileStore {
  const files = new Map<string, UploadedFile>();
  return {
    add: (file) => files.set(file.fileKey, file),
    get: (fileKey) => files.get(fileKey),
    list: () => [...files.values()],
    reset: () => files.clear(),
  };
}

/** The upload page's error codes (im-v1/file/create, 错误码). */
const uploadError = (code: number, msg: string): ApiError => ({ code, msg, httpStatus: 400 });
export const FileUploadError = {
  tooLarge: () => uploadError(234006, "The file size exceed the max value."),
  empty: () => uploadError(234010, "File's size can't be 0."),
} as const;

export function fileUploadRoute(state: MessagingState): RouteDefinition<"file_upload"> {
  return {
    name: "file_upload",
    handler: async (_req, { body }) => {
      const bytes = body.file;
      if (bytes.length === 0) return { error: FileUploadError.empty() };
      if (bytes.length > FILE_MAX_BYTES) return { error: FileUploadError.tooLarge() };
      const file: UploadedFile = {
        fileKey: `file_v3_${randomUUID()}`,
        fileType: body.file_type,
        fileName: body.file_name,
        bytes,
        at: state.ctx.now(),
      };
      if (/\.xlsx$/iu.test(file.fileName)) {
        const read = await readWorkbook(bytes);
        if ("error" in read) file.workbookError = read.error;
        else file.workbook = read;
      }
      state.files.add(file);
      return { data: { file_key: file.fileKey } };
    },
  };
}

/** Opens the bytes as an .xlsx workbook; every cell value as exceljs reads it (rows 1-based, as Excel counts). */
export async function readWorkbook(bytes: Buffer): Promise<WorkbookContent | { error: string }> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's declared Buffer type predates @types/node's generic Buffer.
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  if (workbook.worksheets.length === 0) return { error: "the workbook has no worksheet" };
  return {
    sheets: workbook.worksheets.map((ws) => {
      const rows: unknown[][] = [];
      ws.eachRow({ includeEmpty: true }, (row) => {
        const values = row.values as unknown[];
        rows.push(values.slice(1));
      });
      return { name: ws.name, rows };
    }),
  };
}
