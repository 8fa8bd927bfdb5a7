/**
 * Uploading a file for a file message: POST /open-apis/im/v1/files (multipart: file_type, file_name,
 * file), scope im:resource or im:resource:upload. Feishu takes at most 30 MB and no empty file.
 * Never cached nor coalesced: each upload is its own file_key.
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { FeishuCall } from "../call.js";
import { normalizeUploadedFile } from "../normalize/file.js";

/** The upload's documented bound (im/v1/files: "文件大小不得超过 30 MB"). */
export const FILE_UPLOAD_MAX_BYTES = 30 * 1024 * 1024;

/** The file types the upload accepts (the SDK's declaration); an .xlsx goes up as "xls". */
export type UploadFileType = "opus" | "mp4" | "pdf" | "doc" | "xls" | "ppt" | "stream";

export interface FileUpload {
  fileType: UploadFileType;
  /** The name shown in the chat, with its extension. */
  fileName: string;
  bytes: Buffer;
}

export function uploadFile(client: lark.Client, call: FeishuCall, upload: FileUpload): Promise<string> {
  return call({
    endpoint: "file_upload",
    // Through the client's generic request, as file.create sends it (multipart), because file.create
    // answers with the envelope's `data` only: a code ≠ 0 with HTTP 200 (a missing scope) would be lost.
    send: (auth) =>
      client.request(
        {
          url: "/open-apis/im/v1/files",
          method: "POST",
          data: { file_type: upload.fileType, file_name: upload.fileName, file: upload.bytes },
          headers: { "Content-Type": "multipart/form-data" },
        },
        auth,
      ),
    read: (body) => normalizeUploadedFile(body.data),
  });
}
