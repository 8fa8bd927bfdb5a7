/**
 * The emulator's file upload (im/v1/files) and file messages: strict as Feishu is (multipart with
 * file_type from its enum, file_name and a non-empty file of at most 30 MB; a scope), and stricter
 * where a broken export would otherwise pass: a file message must name a file this app uploaded,
 * and an .xlsx must open as a workbook. Files are readable by tests and over the control API.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SANDBOX_CHATS } from "../../../src/sandbox/emulator/messaging/index.js";
import { FILE_MAX_BYTES } from "../../../src/sandbox/emulator/messaging/files.js";
import { DEFAULT_SCOPES } from "../../../src/sandbox/emulator/defaults.js";
import { answerOf, raw, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
let token: string;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
}, 60_000);
afterAll(() => s.emulator.close());
beforeEach(async () => {
  s.emulator.reset();
  token = await tenantToken(s.emulator);
});

async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("会议");
  ws.addRow(["主题", "分钟"]);
  ws.addRow(["周会", 45]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function form(fields: Record<string, string>, file?: { bytes: Buffer; filename?: string }): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  if (file) f.append("file", new Blob([file.bytes]), file.filename ?? "file");
  return f;
}

const upload = (body: FormData) => raw(s.emulator, "POST", "/open-apis/im/v1/files", { token, form: body });

/** A message the app sent into the sandbox group, to reply to. */
async function aMessage(): Promise<string> {
  const sent = await raw(s.emulator, "POST", "/open-apis/im/v1/messages", {
    token,
    query: "receive_id_type=chat_id",
    body: { receive_id: SANDBOX_CHATS.group, msg_type: "text", content: JSON.stringify({ text: "hi" }) },
  });
  return (sent.json.data as { message_id: string }).message_id;
}

const replyFile = async (fileKey: string) =>
  raw(s.emulator, "POST", `/open-apis/im/v1/messages/${await aMessage()}/reply`, {
    token,
    body: { msg_type: "file", content: JSON.stringify({ file_key: fileKey }), reply_in_thread: true },
  });

describe("POST /open-apis/im/v1/files", () => {
  it("takes a workbook through the SDK, keeps it and hands back a file_key; the file message then shows in messages()", async () => {
    const bytes = await workbook();
    const answer = (await answerOf(s.client.im.v1.file.create({ data: { file_type: "xls", file_name: "会议.xlsx", file: bytes } }))) as unknown;
    // The SDK hands back the envelope's data only.
    const fileKey = (answer as { file_key: string }).file_key;
    expect(fileKey).toMatch(/^file_v3_/);
    const [file] = s.emulator.files();
    expect(file).toMatchObject({ fileKey, fileType: "xls", fileName: "会议.xlsx" });
    expect(file!.bytes.equals(bytes)).toBe(true);
    expect(file!.workbook!.sheets).toEqual([{ name: "会议", rows: [["主题", "分钟"], ["周会", 45]] }]);

    const sent = await replyFile(fileKey);
    expect(sent.json.code).toBe(0);
    const message = s.emulator.messages(SANDBOX_CHATS.group).find((m) => m.msgType === "file")!;
    expect(message.file).toEqual({ fileKey, fileName: "会议.xlsx" });
    expect(message.threadId).toMatch(/^omt_/);

    const control = await fetch(`${s.emulator.url}/_emulator/files/${fileKey}`);
    expect(await control.json()).toMatchObject({ fileName: "会议.xlsx", size: bytes.length, workbook: { sheets: [{ name: "会议" }] } });
    const rawBytes = Buffer.from(await (await fetch(`${s.emulator.url}/_emulator/files/${fileKey}?raw=1`)).arrayBuffer());
    expect(rawBytes.equals(bytes)).toBe(true);
    expect((await fetch(`${s.emulator.url}/_emulator/files/file_v3_nope`)).status).toBe(404);
  });

  it("refuses a body that is not multipart, or multipart that does not parse, as missing its fields", async () => {
    const json = await raw(s.emulator, "POST", "/open-apis/im/v1/files", { token, body: { file_type: "xls", file_name: "a.xlsx" } });
    expect(json.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "file" }] } });
    const broken = await fetch(`${s.emulator.url}/open-apis/im/v1/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nContent-Disposition: form-data; name=\"file_type\"\r\n\r\nxls",
    });
    expect(((await broken.json()) as { code: number }).code).toBe(99992402);
    expect(s.emulator.files()).toEqual([]);
  });

  it("refuses a file_type outside Feishu's enum, a missing name, an empty file and one over 30 MB", async () => {
    const bytes = await workbook();
    expect((await upload(form({ file_type: "xlsx", file_name: "a.xlsx" }, { bytes }))).json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "file_type" }] } });
    expect((await upload(form({ file_type: "xls" }, { bytes }))).json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "file_name" }] } });
    expect((await upload(form({ file_type: "xls", file_name: "a.xlsx" }, { bytes: Buffer.alloc(0) }))).json.code).toBe(234010);
    const big = await upload(form({ file_type: "stream", file_name: "big.bin" }, { bytes: Buffer.alloc(FILE_MAX_BYTES + 1) }));
    expect(big.status).toBe(400);
    expect(big.json.code).toBe(234006);
    expect(s.emulator.files()).toEqual([]);
  });

  it("needs im:resource or im:resource:upload", async () => {
    const scoped = await startTestEmulator({ rateLimits: false, scopes: DEFAULT_SCOPES.filter((x) => x !== "im:resource") });
    try {
      const answer = await raw(scoped.emulator, "POST", "/open-apis/im/v1/files", {
        token: await tenantToken(scoped.emulator),
        form: form({ file_type: "xls", file_name: "a.xlsx" }, { bytes: await workbook() }),
      });
      expect(answer.json.code).toBe(99991672);
    } finally {
      await scoped.emulator.close();
    }
  });
});

describe("file messages", () => {
  it("refuse a file_key this app never uploaded", async () => {
    const sent = await replyFile("file_v3_never_uploaded");
    expect(sent.json.code).toBe(230001);
    expect(s.emulator.messages().some((m) => m.msgType === "file")).toBe(false);
  });

  it("refuse an .xlsx that does not open as a workbook, saying why", async () => {
    const uploaded = await upload(form({ file_type: "xls", file_name: "report.xlsx" }, { bytes: Buffer.from("not a zip at all") }));
    const fileKey = (uploaded.json.data as { file_key: string }).file_key;
    expect(s.emulator.files()[0]!.workbookError).toBeTruthy();
    const sent = await replyFile(fileKey);
    expect(sent.json.code).toBe(230001);
    expect(sent.json.msg).toContain("not a valid .xlsx workbook");
  });

  it("take any file that is not an .xlsx as Feishu does", async () => {
    const uploaded = await upload(form({ file_type: "pdf", file_name: "notes.pdf" }, { bytes: Buffer.from("%PDF-1.4") }));
    const sent = await replyFile((uploaded.json.data as { file_key: string }).file_key);
    expect(sent.json.code).toBe(0);
  });
});
