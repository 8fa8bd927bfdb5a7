/**
 * multipart/form-data, read from the raw bytes (RFC 7578), enough for Feishu's upload endpoint: each
 * part's name, its filename when it is a file, and its bytes. The parts become `req.body` for the
 * gateway's parameter check: text parts as strings, file parts as Buffers.
 */
import express, { type RequestHandler } from "express";

export interface FormPart {
  name: string;
  filename?: string;
  bytes: Buffer;
}

/** Text fields, and file parts by field name; undefined when the body is no well-formed multipart. */
export interface Form {
  fields: Record<string, string>;
  files: Record<string, FormPart>;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/iu.exec(contentType ?? "");
  return match ? (match[1] ?? match[2])!.trim() : undefined;
}

export function parseMultipart(body: Buffer, boundary: string): Form | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const form: Form = { fields: {}, files: {} };
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body.subarray(at, at + 2).toString() === "--") return form;
    if (!body.subarray(at, at + 2).equals(CRLF)) return undefined;
    const headersEnd = body.indexOf(HEADER_END, at);
    if (headersEnd < 0) return undefined;
    const headers = body.subarray(at + 2, headersEnd).toString("utf8");
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), headersEnd + 4);
    if (next < 0) return undefined;
    const bytes = body.subarray(headersEnd + 4, next);
    const disposition = /^content-disposition:\s*form-data(.*)$/imu.exec(headers)?.[1] ?? "";
    const name = /;\s*name="([^"]*)"/u.exec(disposition)?.[1];
    if (name === undefined) return undefined;
    const filename = /;\s*filename="([^"]*)"/u.exec(disposition)?.[1];
    // The SDK's axios (form-data) sends a Buffer with no filename, as application/octet-stream:
    // a part with a content type other than text is a file too, as Feishu reads it.
    const type = /^content-type:\s*([^;\r\n]+)/imu.exec(headers)?.[1]?.trim().toLowerCase();
    const isFile = filename !== undefined || (type !== undefined && !type.startsWith("text/"));
    if (isFile) form.files[name] = { name, ...(filename !== undefined ? { filename } : {}), bytes: Buffer.from(bytes) };
    else form.fields[name] = bytes.toString("utf8");
    at = next + CRLF.length;
  }
}

/**
 * Reads multipart bodies up to `limitBytes` (JSON bodies are express.json's). A body that does not
 * parse leaves `req.body` empty: the route then reports its required fields as missing, as Feishu does.
 */
export function multipartBodies(limitBytes: number): RequestHandler[] {
  return [
    express.raw({ type: "multipart/form-data", limit: limitBytes }),
    (req, _res, next) => {
      if (!Buffer.isBuffer(req.body)) {
        next();
        return;
      }
      const boundary = boundaryOf(req.get("content-type"));
      const form = boundary ? parseMultipart(req.body, boundary) : undefined;
      req.body = form ? { ...form.fields, ...Object.fromEntries(Object.values(form.files).map((part) => [part.name, part.bytes])) } : {};
      next();
    },
  ];
}
