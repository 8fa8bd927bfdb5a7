/** im/v1/files upload → the file_key a file message names. */
import { record, requiredText } from "./read.js";

export function normalizeUploadedFile(data: unknown): string {
  return requiredText("file_upload", record("file_upload", data, "data").file_key, "data.file_key");
}
