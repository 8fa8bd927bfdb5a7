import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 413 | 415 | 400; reason: string };

/**
 * Reads a request body as raw bytes, never inflated (the signature covers the bytes exactly as they
 * arrived), refusing more than `limit` bytes as soon as it is known: from Content-Length before
 * reading, or while reading a body that lied about it or had none. Once refused, nothing more is
 * kept: the rest of the body is read and dropped so that the refusal reaches the client.
 * `tooLarge` is the reason given for a body over the limit.
 */
export function readRawBody(req: IncomingMessage, limit: number, tooLarge = "body over the limit"): Promise<BodyResult> {
  const encoding = (req.headers["content-encoding"] ?? "identity").toString().toLowerCase();
  if (encoding !== "identity") return drainThen(req, { ok: false, status: 415, reason: `content-encoding ${encoding}` });
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return drainThen(req, { ok: false, status: 413, reason: tooLarge });

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        // Keep reading (and dropping) so the 413 can still be delivered on this connection.
        chunks.length = 0;
        finish({ ok: false, status: 413, reason: tooLarge });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
    req.on("error", () => finish({ ok: false, status: 400, reason: "request stream failed" }));
    req.on("aborted", () => finish({ ok: false, status: 400, reason: "request aborted" }));
  });
}

/** Consumes whatever body is coming, so the refusal is read by the client rather than reset. */
function drainThen(req: IncomingMessage, result: BodyResult): Promise<BodyResult> {
  req.resume();
  return Promise.resolve(result);
}
