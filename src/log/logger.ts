import { pino, type Logger } from "pino";

export type { Logger };

/**
 * Paths redacted wherever they appear in a log record. Secrets come only from the environment,
 * but an error object from an HTTP client can carry a request body (the token fetch carries
 * app_secret), so both the config keys and the wire names are covered.
 */
export const REDACTED_PATHS = [
  "appSecret",
  "app_secret",
  "encryptKey",
  "encrypt_key",
  "verificationToken",
  "verification_token",
  "stateKey",
  "previousStateKey",
  "*.stateKey",
  "*.previousStateKey",
  "tenant_access_token",
  "authorization",
  "Authorization",
  "*.appSecret",
  "*.app_secret",
  "*.encryptKey",
  "*.verificationToken",
  "*.tenant_access_token",
  "*.authorization",
  "*.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.*.appSecret",
  "*.*.app_secret",
  "*.*.encryptKey",
  "*.*.verificationToken",
];

export interface LoggerOptions {
  level?: string;
  /** Where records go; tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? "info";
  const redact = { paths: REDACTED_PATHS, censor: "[redacted]" };
  return options.destination
    ? pino({ level, redact }, options.destination as pino.DestinationStream)
    : pino({ level, redact });
}

/** A logger that drops everything: for tests and benchmarks that do not read logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
