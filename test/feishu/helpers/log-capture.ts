/** A pino logger whose output the test can read back. */
import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../../src/log/logger.js";

export interface CapturedLog {
  logger: Logger;
  /** Everything written so far, one JSON record per line. */
  text(): string;
  records(): Record<string, unknown>[];
}

export function captureLog(level = "debug"): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination });
  const text = () => chunks.join("");
  return {
    logger,
    text,
    records: () =>
      text()
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
