/**
 * What one delivery costs, step by step, in this process (no HTTP): each check of the ack path
 * timed on its own over a pool of signed, encrypted events, next to the whole per-request time of
 * the bare express.json() endpoint measured over HTTP in the same run.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readOuterBody, parseJsonObject } from "../../src/ingress/body.js";
import { decryptPayload, deriveKey } from "../../src/ingress/decrypt.js";
import { parseEnvelope } from "../../src/ingress/envelope.js";
import { createVerifier, verifySignature } from "../../src/ingress/index.js";
import { tokensEqual } from "../../src/ingress/token.js";
import { serializeStoreFile } from "../../src/store/file-data.js";
import { FileStore, MemoryStore } from "../../src/store/index.js";
import { freshKeys, messagePool, type SignedRequest } from "../lib/events.js";
import type { Figures } from "../lib/figures.js";
import type { Settings } from "../lib/settings.js";

const DEDUPE_TTL_MS = 8 * 3600_000;
/** About 20 minutes of messages at 10 a second; 8 hours of them would be 29 times as many. */
const FULL_FILE_KEYS = 12_000;
const FULL_FILE_WRITES = 20;

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
  const { stepPool: poolSize, fileStoreKeys } = settings.ingest;
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

  // The file store (app.yaml's store.path) is not the dedupe store today; if it became one, this
  // is its price (it rewrites the whole file, fsync included, for every new key).
  const dir = mkdtempSync(join(tmpdir(), "bench-store-"));
  try {
    const file = await FileStore.open({ path: join(dir, "store.json") });
    const started = performance.now();
    for (let i = 0; i < fileStoreKeys; i++) await file.setIfAbsent(`ingress:message:om_${i}`, "1", DEDUPE_TTL_MS);
    await file.close();
    figures.add({
      name: `  (dedupe in the file store, first ${fileStoreKeys} keys)`,
      value: ((performance.now() - started) / fileStoreKeys) * 1000,
      unit: "µs/event",
      reference: { name: "one whole bare express.json() request", value: bareUs, unit: "µs" },
    });
    // Its cost grows with the keys it holds (one per message for 8 h): the same with a full file.
    const held = new Map(Array.from({ length: FULL_FILE_KEYS }, (_, i) => [`ingress:message:om_held_${i}`, { value: "1", expiresAt: Date.now() + DEDUPE_TTL_MS }]));
    const fullPath = join(dir, "full.json");
    writeFileSync(fullPath, serializeStoreFile(held));
    const full = await FileStore.open({ path: fullPath });
    const fullStarted = performance.now();
    for (let i = 0; i < FULL_FILE_WRITES; i++) await full.setIfAbsent(`ingress:message:om_new_${i}`, "1", DEDUPE_TTL_MS);
    await full.close();
    figures.add({
      name: `  (dedupe in the file store holding ${FULL_FILE_KEYS.toLocaleString("en-US")} keys)`,
      value: ((performance.now() - fullStarted) / FULL_FILE_WRITES) * 1000,
      unit: "µs/event",
      reference: { name: "one whole bare express.json() request", value: bareUs, unit: "µs" },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
