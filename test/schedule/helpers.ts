import { Writable } from "node:stream";
import { cardToText } from "../../src/cards/index.js";
import { loadConfig } from "../../src/config/index.js";
import type { Config, DigestConfig } from "../../src/config/types.js";
import { createLogger, type Logger } from "../../src/log/logger.js";

const BASE = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });

export const CHAT = "oc_digest_chat";

export function digest(overrides: Partial<DigestConfig> = {}): DigestConfig {
  return {
    name: "morning",
    chats: [CHAT],
    cron: "0 9 * * *",
    timezone: "America/New_York",
    locale: "en",
    sections: [{ kind: "report" }, { kind: "rooms" }, { kind: "pushstats" }],
    catchUpMinutes: 360,
    ...overrides,
  };
}

export function configWith(digests: DigestConfig[], overrides: Partial<Config> = {}): Config {
  return { ...BASE, ...overrides, digests };
}

/** A logger whose records the test can read. */
export function recordingLogger(): { logger: Logger; records: () => Array<Record<string, unknown>> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter((line) => line !== ""));
      done();
    },
  });
  return {
    logger: createLogger({ level: "debug", destination: stream }),
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function textOf(card: unknown): string {
  return cardToText(card);
}

export { dyingBeforeRecord } from "./fixtures/dying-store.js";
