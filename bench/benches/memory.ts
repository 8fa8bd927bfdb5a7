/**
 * 7. Memory of the ack path: RSS and heap (after a full GC; the host runs with --expose-gc)
 * before and after 100,000 distinct events, then once the dedupe keys' lifetime has passed (the
 * store's clock is moved forward by the TTL and one more event triggers its sweep): the dedupe
 * store is bounded by what arrives within one TTL, and gives it all back.
 */
import { freshKeys, messagePool } from "../lib/events.js";
import { Figures } from "../lib/figures.js";
import { drive } from "../lib/load.js";
import type { Settings } from "../lib/settings.js";
import type { IngestStats } from "../hosts/ingest.js";
import { startIngestHost } from "./ingest.js";

const MB = 1024 * 1024;
/** The bot's default dedupe TTL (8 h) plus the store's sweep interval (1 min). */
const PAST_TTL_MS = 8 * 3600_000 + 61_000;

export async function benchMemory(settings: Settings): Promise<Figures> {
  const figures = new Figures("7 memory");
  const { events, chunk } = settings.memory;
  const keys = freshKeys();
  const host = await startIngestHost("ours", keys, ["--expose-gc"]);
  try {
    const url = host.ready.url;
    await drive({ url, pool: messagePool(keys, 2_000), connections: 32, amount: 2_000 });
    const before = await host.request<IngestStats>("stats", { gc: true });
    let sent = 0;
    while (sent < events) {
      const count = Math.min(chunk, events - sent);
      await drive({ url, pool: messagePool(keys, count), connections: 32, amount: count });
      sent += count;
    }
    const after = await host.request<IngestStats>("stats", { gc: true });
    await host.request("advanceStoreClock", { ms: PAST_TTL_MS });
    await drive({ url, pool: messagePool(keys, 1), connections: 1, amount: 1 });
    const swept = await host.request<IngestStats>("stats", { gc: true });

    const perEvent = (after.heapUsedBytes - before.heapUsedBytes) / (after.storeKeys - before.storeKeys);
    figures.add({
      name: `RSS after ${events.toLocaleString("en-US")} distinct events`,
      value: after.rssBytes / MB,
      unit: "MB",
      reference: { name: "before", value: before.rssBytes / MB, unit: "MB" },
      ratio: after.rssBytes / before.rssBytes,
    });
    figures.add({
      name: "heap used after GC",
      value: after.heapUsedBytes / MB,
      unit: "MB",
      reference: { name: "before", value: before.heapUsedBytes / MB, unit: "MB" },
      ratio: after.heapUsedBytes / before.heapUsedBytes,
      detail: { bytesPerDedupeKey: perEvent },
    });
    figures.add({
      name: "dedupe keys held (one per message, kept 8 h)",
      value: after.storeKeys,
      unit: "keys",
      reference: { name: "events sent, warm-up included", value: events + 2_000, unit: "" },
    });
    figures.add({
      name: `heap per dedupe key`,
      value: perEvent,
      unit: "bytes",
    });
    figures.add({
      name: "dedupe keys once the TTL has passed (after the sweep)",
      value: swept.storeKeys,
      unit: "keys",
      reference: { name: "before the TTL passed", value: after.storeKeys, unit: "keys" },
      target: "≤ 1",
      met: swept.storeKeys <= 1,
    });
    figures.add({
      name: "heap used after GC, once the TTL has passed",
      value: swept.heapUsedBytes / MB,
      unit: "MB",
      reference: { name: "before the events", value: before.heapUsedBytes / MB, unit: "MB" },
      ratio: swept.heapUsedBytes / before.heapUsedBytes,
    });
    figures.add({
      name: "RSS once the TTL has passed",
      value: swept.rssBytes / MB,
      unit: "MB",
      reference: { name: "before the events", value: before.rssBytes / MB, unit: "MB" },
      ratio: swept.rssBytes / before.rssBytes,
    });
  } finally {
    await host.stop();
  }
  return figures;
}
