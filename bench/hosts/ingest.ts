/**
 * One webhook endpoint under load, in its own process (BENCH_INGEST_KIND):
 *  - ours: the bot's ingress (raw body, signature and timestamp check, decrypt, envelope check,
 *    dedupe in the memory store, ack, then the message handed to a handler that returns at once);
 *  - sqlite: the same with the dedupe in the SQLite store (store.url's default engine; group commit, synchronous=FULL);
 *  - redis: the same with the dedupe in the Redis store, opened as the bot opens it (openStore on
 *    BENCH_REDIS_URL, under the key prefix BENCH_REDIS_PREFIX so a shared REDIS_URL keeps ours apart);
 *  - bare: express with express.json() answering {};
 *  - raw: express with express.raw() answering {} (the body reading our route starts from);
 *  - sdk: the SDK's adaptExpress + EventDispatcher with the same keys, as its README wires it;
 *  - node: a plain node:http handler reading the body and answering {} (no express at all);
 *  - lean: a what-if for the fix: ours' checks (the same createVerifier and store) in a plain
 *    node:http handler that reads the body itself and answers with a pre-serialised 200, no
 *    express on the path. Message events only; not a replacement for src/ingress.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import { dedupeKey } from "../../src/ingress/dedupe.js";
import { createIngressApp, createVerifier } from "../../src/ingress/index.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore, openStore, SqliteStore } from "../../src/store/index.js";
import type { Store } from "../../src/store/store.js";
import { serveHost } from "../lib/child.js";
import type { WebhookKeys } from "../lib/events.js";

export type IngestKind = "ours" | "sqlite" | "redis" | "bare" | "raw" | "sdk" | "node" | "lean";

export interface IngestStats {
  handled: number;
  /** process.cpuUsage() user + system, µs. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Keys in the dedupe store (ours only). */
  storeKeys: number;
}

const kind = process.env.BENCH_INGEST_KIND as IngestKind;
const keys = JSON.parse(process.env.BENCH_KEYS ?? "{}") as WebhookKeys;
const DEDUPE_TTL_MS = 8 * 3600_000;

let handled = 0;
// The store's clock can be moved forward to show that expired dedupe keys are let go.
let storeClockOffsetMs = 0;
const store = new MemoryStore({ now: () => Date.now() + storeClockOffsetMs });

let sqliteStoreDir: string | undefined;
/** The redis kind's store, closed (its connection let go) on exit. */
let redisStore: Store | undefined;

function ingress(dedupeStore: Store): RequestListener {
  return createIngressApp({
    encryptKey: keys.encryptKey,
    verificationToken: keys.verificationToken,
    maxClockSkewSeconds: 300,
    bodyLimitBytes: 1 << 20,
    dedupeTtlMs: DEDUPE_TTL_MS,
    store: dedupeStore,
    logger: silentLogger(),
    handlers: {
      onMessage: async () => void handled++,
      onCardAction: async () => ({ answer: {} }),
    },
  });
}

async function build(): Promise<RequestListener> {
  switch (kind) {
    case "ours":
      return ingress(store);
    case "sqlite":
      // On the repository's disk (as ./data is), not a tmpfs /tmp where fsync would be free.
      mkdirSync(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
      sqliteStoreDir = mkdtempSync(fileURLToPath(new URL("../results/bench-ingest-store-", import.meta.url)));
      return ingress(new SqliteStore({ path: join(sqliteStoreDir, "bot.db") }));
    case "redis": {
      const url = process.env.BENCH_REDIS_URL;
      if (!url) throw new Error("BENCH_REDIS_URL is not set");
      redisStore = await openStore(url, { keyPrefix: process.env.BENCH_REDIS_PREFIX ?? "bench-ingest:" });
      return ingress(redisStore);
    }
    case "bare": {
      const app = express();
      app.post("/webhook/event", express.json({ limit: "1mb" }), (_req, res) => {
        handled++;
        res.json({});
      });
      return app;
    }
    case "raw": {
      const app = express();
      app.post("/webhook/event", express.raw({ type: () => true, limit: "1mb", inflate: false }), (_req, res) => {
        handled++;
        res.json({});
      });
      return app;
    }
    case "node":
      return (req, res) => {
        req.resume();
        req.on("end", () => {
          handled++;
          res.writeHead(200, ACK_HEADERS).end(ACK);
        });
      };
    case "lean":
      return leanHandler();
    case "sdk": {
      // Loaded only here, so the other servers' memory figures do not include the SDK.
      const lark = await import("@larksuiteoapi/node-sdk");
      const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
      const dispatcher = new lark.EventDispatcher({
        encryptKey: keys.encryptKey,
        verificationToken: keys.verificationToken,
        logger: quiet,
        loggerLevel: lark.LoggerLevel.error,
      }).register({ "im.message.receive_v1": async () => void handled++ });
      const app = express();
      app.use(express.json({ limit: "1mb" }));
      app.post("/webhook/event", lark.adaptExpress(dispatcher, { autoChallenge: true }));
      return app;
    }
    default:
      throw new Error(`unknown BENCH_INGEST_KIND ${String(kind)}`);
  }
}

const ACK = Buffer.from("{}");
const ACK_HEADERS = { "content-type": "application/json; charset=utf-8", "content-length": String(ACK.length) };
const BODY_LIMIT = 1 << 20;

function leanHandler(): RequestListener {
  const verify = createVerifier({ encryptKey: keys.encryptKey, verificationToken: keys.verificationToken, maxClockSkewSeconds: 300 });
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const header = (name: string) => {
        const value = req.headers[name];
        return Array.isArray(value) ? value.join(",") : value;
      };
      const verified = verify({
        rawBody: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        headers: { timestamp: header("x-lark-request-timestamp"), nonce: header("x-lark-request-nonce"), signature: header("x-lark-signature") },
        nowMs: Date.now(),
      });
      if (!verified.ok) {
        res.writeHead(verified.status, ACK_HEADERS).end(ACK);
        return;
      }
      const key = dedupeKey(verified.envelope);
      void (key === undefined ? Promise.resolve(true) : store.setIfAbsent(key, String(Date.now()), DEDUPE_TTL_MS)).then((first) => {
        res.writeHead(200, ACK_HEADERS).end(ACK);
        if (first && verified.envelope.kind === "message") setImmediate(() => void handled++);
      });
    });
  };
}

function stats(args: unknown): IngestStats {
  if ((args as { gc?: boolean } | undefined)?.gc && typeof global.gc === "function") {
    global.gc();
    global.gc();
  }
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  return { handled, cpuMicros: cpu.user + cpu.system, rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, storeKeys: store.size };
}

const server = createServer(await build()).listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  serveHost(
    { url: `http://127.0.0.1:${port}/webhook/event` },
    {
      stats,
      advanceStoreClock: (args) => {
        storeClockOffsetMs += (args as { ms: number }).ms;
        return storeClockOffsetMs;
      },
    },
    async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (sqliteStoreDir) rmSync(sqliteStoreDir, { recursive: true, force: true });
      await redisStore?.close().catch(() => undefined);
    },
  );
});
// Load generators keep connections open between runs.
server.keepAliveTimeout = 60_000;
