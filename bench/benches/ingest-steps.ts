/**
 * What one delivery costs, step by step, in this process (no HTTP): each check of the ack path
 * timed on its own over a pool of signed, encrypted events, next to the whole per-request time of
 * the bare express.json() endpoint measured over HTTP in the same run.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readOuterBody, parseJsonObject } from "../../src/ingress/body.js";
import { decryptPayload, deriveKey } from "../../src/ingress/decrypt.js";
import { parseEnvelope } from "../../src/ingress/envelope.js";
import { createVerifier, verifySignature } from "../../src/ingress/index.js";
import { tokensEqual } from "../../src/ingress/token.js";
import { MemoryStore, SqliteStore } from "../../src/store/index.js";
import { freshKeys, messagePool, type SignedRequest } from "../lib/events.js";
import type { Figures } from "../lib/figures.js";
import type { Settings } from "../lib/settings.js";

const DEDUPE_TTL_MS = 8 * 3600_000;

/** µs per call of `step` over the pool, best of three passes (the least disturbed by other work). */
async function time(pool: readonly SignedRequest[], step: (item: SignedRequest, i: number) => unknown): Promise<number> {
  const size = pool.length;
  let best = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    for (let i = 0; i < size; i++) await step(pool[i]!, pass * size + i);
    best = Math.min(best, ((performance.now() - started) / size) * 1000);
  }
  return best;
}

export async function addStepCosts(figures: Figures, bareEventsPerSecond: number, settings: Settings): Promise<void> {
  const { stepPool: poolSize } = settings.ingest;
  const keys = freshKeys();
  const pool = messagePool(keys, poolSize);
  const aesKey = deriveKey(keys.encryptKey);
  const headersOf = (item: SignedRequest) => ({
    timestamp: item.headers["x-lark-request-timestamp"],
    nonce: item.headers["x-lark-request-nonce"],
    signature: item.headers["x-lark-signature"],
  });
  const raw = pool.map((item) => Buffer.from(item.body));
  const ciphertexts = raw.map((body) => {
    const outer = readOuterBody(body);
    if (!outer.ok || outer.kind !== "encrypted") throw new Error("bench event is not encrypted");
    return outer.ciphertext;
  });
  const plaintexts = ciphertexts.map((c) => decryptPayload(c, aesKey));
  const payloads = plaintexts.map((p) => {
    const parsed = parseJsonObject(p);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.value;
  });
  const verify = createVerifier({ encryptKey: keys.encryptKey, verificationToken: keys.verificationToken, maxClockSkewSeconds: 300 });
  const memory = new MemoryStore();
  // On the repository's disk (as ./data is), not a tmpfs /tmp where fsync would be free.
  mkdirSync(fileURLToPath(new URL("../results/", import.meta.url)), { recursive: true });
  const dir = mkdtempSync(fileURLToPath(new URL("../results/bench-steps-store-", import.meta.url)));
  const sqlite = new SqliteStore({ path: join(dir, "bot.db") });

  const steps: Array<[string, (item: SignedRequest, i: number) => unknown]> = [
    ["signature: sha256 over the raw body, timestamp window", (item, i) =>
      verifySignature({ headers: headersOf(item), rawBody: raw[i % poolSize]!, encryptKey: keys.encryptKey, nowMs: Date.now(), maxClockSkewSeconds: 300 })],
    ["outer JSON parse", (_item, i) => readOuterBody(raw[i % poolSize]!)],
    ["decrypt (base64, AES-256-CBC, UTF-8)", (_item, i) => decryptPayload(ciphertexts[i % poolSize]!, aesKey)],
    ["inner JSON parse", (_item, i) => parseJsonObject(plaintexts[i % poolSize]!)],
    ["envelope check (zod)", (_item, i) => parseEnvelope(payloads[i % poolSize])],
    ["verification token (two sha256 + timingSafeEqual)", () => tokensEqual(keys.verificationToken, keys.verificationToken)],
    ["the whole verifier (all of the above)", (item, i) => verify({ rawBody: raw[i % poolSize]!, headers: headersOf(item), nowMs: Date.now() })],
    ["dedupe in the memory store", (_item, i) => memory.setIfAbsent(`ingress:message:om_${i}`, "1", DEDUPE_TTL_MS)],
    ["dedupe in the SQLite store, one at a time (a commit and fsync each; more in 9 store)", (_item, i) => sqlite.setIfAbsent(`ingress:message:om_${i}`, "1", DEDUPE_TTL_MS)],
  ];
  const bareUs = 1e6 / bareEventsPerSecond;
  for (const [name, step] of steps) {
    figures.add({
      name: `  step: ${name}`,
      value: await time(pool, step),
      unit: "µs/event",
      reference: { name: "one whole bare express.json() request", value: bareUs, unit: "µs" },
    });
  }

  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
