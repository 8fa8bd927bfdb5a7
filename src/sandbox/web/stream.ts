/**
 * The event stream a page listens on (server-sent events): the history first, then each entry as
 * it comes, each with its sequence number so a reconnecting page resumes where it was. Bounded in
 * number and in what a page that stops reading may leave buffered.
 */
import type { Request, Response } from "express";
import type { Entry } from "./entries.js";
import type { ConsoleFeed } from "./feed.js";

/** How often an idle stream sends a comment, so nothing between closes it as dead. */
const HEARTBEAT_MS = 15_000;
/** Console pages open at once: a sandbox is one person's, and each stream holds a socket and a buffer. */
const MAX_STREAMS = 20;
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

export interface EventStreams {
  /** GET handler: serves one page's stream until it goes or the streams close. */
  serve(req: Request, res: Response): Promise<void>;
  /** Ends every open stream and refuses new ones, so a stopping server is not held open by a page. */
  close(): void;
}

export function eventStreams(feed: ConsoleFeed): EventStreams {
  const streams = new Set<Response>();
  let closed = false;
  return {
    async serve(req, res) {
      // A page reconnecting while the sandbox stops must not hold the stopping server open.
      if (closed) return void res.status(503).json({ error: "the sandbox is stopping" });
      if (streams.size >= MAX_STREAMS) return void res.status(503).json({ error: `at most ${MAX_STREAMS} console pages at once` });
      const last = Number(req.get("last-event-id") ?? req.query["after"] ?? 0);
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
      // A dropped stream is opened again after a second; Last-Event-ID then says where it was.
      res.write("retry: 1000\n\n");
      // A page that stops reading (a frozen tab, a socket nobody drains) is let go once it is this far
      // behind: the buffered history is not kept for it, and a live page reconnects from Last-Event-ID.
      const write = (text: string) => {
        if (res.writableEnded) return;
        res.write(text);
        if (res.writableLength > MAX_UNREAD_BYTES) res.end();
      };
      const send = (entry: Entry) => write(`id: ${entry.seq}\nevent: entry\ndata: ${JSON.stringify(entry)}\n\n`);
      res.on("error", () => undefined);
      streams.add(res);
      const heartbeat = setInterval(() => write(": still here\n\n"), HEARTBEAT_MS);
      // An emulator that cannot be read ends the stream; the page opens it again a second later.
      const listening = feed.listen(send, Number.isInteger(last) && last > 0 ? last : 0).catch(() => {
        res.end();
        return () => undefined;
      });
      res.on("close", () => {
        clearInterval(heartbeat);
        streams.delete(res);
        void listening.then((stop) => stop());
      });
      await listening;
      // The history is out: what comes next is news (a page marks a chat unread only for news).
      write("event: caught-up\ndata: {}\n\n");
    },
    close() {
      closed = true;
      for (const stream of streams) stream.end();
      streams.clear();
    },
  };
}
