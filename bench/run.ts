/**
 * `npm run bench`: figures, not pass/fail. Each figure is measured side by side with its reference
 * in the same run, and the ratios are printed; a JSON summary goes to bench/results/summary.json.
 * Everything runs on 127.0.0.1 against local servers only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import express from "express";
import { renderView } from "../src/cards/index.js";
import { buildHelpView } from "../src/commands/help.js";
import { listCommands } from "../src/commands/registry.js";
import { createIngressApp } from "../src/ingress/index.js";
import { silentLogger } from "../src/log/logger.js";
import { encryptPayload, signBody } from "../src/sandbox/emulator/events/crypto.js";
import { MemoryStore } from "../src/store/index.js";

const ENCRYPT_KEY = "bench-encrypt-key";
const TOKEN = "bench-verification-token";
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = 32;

interface Figure {
  name: string;
  value: number;
  unit: string;
}
const figures: Figure[] = [];
const record = (name: string, value: number, unit: string) => figures.push({ name, value, unit });

function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve({ url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`, server });
    });
  });
}

/** A signed, encrypted im.message.receive_v1 delivery, as Feishu sends it. */
function signedEvent(i: number, forged = false): { body: string; headers: Record<string, string> } {
  const event = {
    schema: "2.0",
    header: { event_id: `ev_${i}`, event_type: "im.message.receive_v1", create_time: String(Date.now()), token: TOKEN, app_id: "cli_bench", tenant_key: "t" },
    event: {
      sender: { sender_id: { open_id: "ou_bench" }, sender_type: "user", tenant_key: "t" },
      message: { message_id: `om_bench_${i}`, chat_id: "oc_bench", chat_type: "p2p", message_type: "text", content: JSON.stringify({ text: "/help" }), mentions: [], create_time: String(Date.now()) },
    },
  };
  const body = JSON.stringify({ encrypt: encryptPayload(JSON.stringify(event), ENCRYPT_KEY) });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = `n${i}`;
  const signature = forged ? "0".repeat(64) : signBody(timestamp, nonce, ENCRYPT_KEY, body);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": signature,
    },
  };
}

/** Sends the prepared requests with fixed concurrency; returns requests per second and the statuses seen. */
async function drive(url: string, requests: { body: string; headers: Record<string, string> }[]) {
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) {
        const request = requests[next++]!;
        const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: requests.length / seconds, statuses: Object.fromEntries(statuses) };
}

async function benchIngest(): Promise<void> {
  let handled = 0;
  const bot = createIngressApp({
    encryptKey: ENCRYPT_KEY,
    verificationToken: TOKEN,
    maxClockSkewSeconds: 300,
    bodyLimitBytes: 1 << 20,
    dedupeTtlMs: 8 * 3600_000,
    store: new MemoryStore(),
    logger: silentLogger(),
    handlers: { onMessage: async () => void handled++, onCardAction: async () => ({}) },
  });
  const bare = express();
  bare.post("/webhook/event", express.json({ limit: "1mb" }), (_req, res) => void res.json({}));

  const ours = await listen(bot);
  const reference = await listen(bare);
  try {
    const warm = Array.from({ length: 300 }, (_, i) => signedEvent(1e6 + i));
    await drive(`${ours.url}/webhook/event`, warm);
    await drive(`${reference.url}/webhook/event`, warm);

    // Alternate the two servers so both see the same machine load.
    const rounds = 3;
    let oursRate = 0;
    let bareRate = 0;
    let forgedRate = 0;
    for (let round = 0; round < rounds; round++) {
      const base = round * REQUESTS;
      const events = Array.from({ length: REQUESTS }, (_, i) => signedEvent(base + i));
      const forged = Array.from({ length: REQUESTS }, (_, i) => signedEvent(5e6 + base + i, true));
      const a = await drive(`${ours.url}/webhook/event`, events);
      const b = await drive(`${reference.url}/webhook/event`, events);
      const c = await drive(`${ours.url}/webhook/event`, forged);
      if (a.statuses[200] !== REQUESTS || c.statuses[401] !== REQUESTS) {
        throw new Error(`unexpected statuses: ours ${JSON.stringify(a.statuses)}, forged ${JSON.stringify(c.statuses)}`);
      }
      oursRate += a.perSecond / rounds;
      bareRate += b.perSecond / rounds;
      forgedRate += c.perSecond / rounds;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    record("ingest: full ack path (signature, decrypt, dedupe, ack)", oursRate, "events/s");
    record("ingest: bare express.json() endpoint answering {}", bareRate, "events/s");
    record("ingest: forged requests rejected (401)", forgedRate, "requests/s");
    record("ingest ratio: full ack path / bare express", oursRate / bareRate, "×");
    record("ingest ratio: forged rejected / full ack path", forgedRate / oursRate, "×");
    record("ingest: handler runs (one per distinct message)", handled, "runs");
  } finally {
    ours.server.close();
    reference.server.close();
  }
}

function benchCards(): void {
  for (const locale of ["zh", "en"] as const) {
    const view = buildHelpView(listCommands(), locale);
    const runs = 2000;
    const started = performance.now();
    let bytes = 0;
    for (let i = 0; i < runs; i++) bytes = JSON.stringify(renderView(view, locale)).length;
    record(`card: /help (${locale}) render time`, ((performance.now() - started) / runs) * 1000, "µs/card");
    record(`card: /help (${locale}) size`, Buffer.byteLength(JSON.stringify(renderView(view, locale))), "bytes");
    void bytes;
  }
}

async function main(): Promise<void> {
  await benchIngest();
  benchCards();
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log(`\n${"figure".padEnd(width)}  value`);
  for (const f of figures) {
    const value = f.value >= 100 ? Math.round(f.value).toString() : f.value.toFixed(2);
    console.log(`${f.name.padEnd(width)}  ${value} ${f.unit}`);
  }
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  const summary = { at: new Date().toISOString(), node: process.version, requests: REQUESTS, concurrency: CONCURRENCY, figures };
  writeFileSync(new URL("./results/summary.json", import.meta.url), `${JSON.stringify(summary, null, 2)}\n`);
  console.log("\nsummary written to bench/results/summary.json");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
