/** The long connection's settings: what the endpoint tells clients, and what tests may change. */

/** Seconds, as Feishu sends them (the SDK multiplies by 1000). */
export interface ClientConfig {
  PingInterval: number;
  /** -1: retry forever. */
  ReconnectCount: number;
  ReconnectInterval: number;
  /** A random share of this delays each reconnect, so clients do not come back all at once. */
  ReconnectNonce: number;
}

/** Real Feishu's values (the SDK's WSConfig defaults match them). */
export const DEFAULT_CLIENT_CONFIG: ClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

/** events-long-connection.md: at most 50 connections per app. */
export const DEFAULT_MAX_CONNECTIONS = 50;

export interface LongConnectionOptions {
  /** Overrides of the ClientConfig the endpoint and each pong hand out; tests use e.g. {ReconnectInterval: 1, ReconnectNonce: 0}. */
  clientConfig?: Partial<ClientConfig>;
  /** Default 50: one more socket is refused with 514 / 1000040350. */
  maxConnections?: number;
  /** Default: never split. A push whose JSON is longer than this many bytes goes out in parts. */
  fragmentBytes?: number;
  /** Default true; false leaves pings unanswered (a half-open connection, for the client's pingTimeout). */
  pong?: boolean;
  /** Default 5 minutes, on the emulator's clock. */
  ticketTtlMs?: number;
}

/** What can be changed while running. */
export type LongConnectionSettings = Required<Pick<LongConnectionOptions, "maxConnections" | "pong">> & Pick<LongConnectionOptions, "fragmentBytes">;

export function checkSettings(settings: Partial<LongConnectionSettings>): void {
  const { maxConnections, fragmentBytes } = settings;
  if (maxConnections !== undefined && (!Number.isInteger(maxConnections) || maxConnections < 0)) {
    throw new RangeError(`maxConnections must be a whole number ≥ 0, got ${maxConnections}`);
  }
  if (fragmentBytes !== undefined && (!Number.isInteger(fragmentBytes) || fragmentBytes < 1)) {
    throw new RangeError(`fragmentBytes must be a whole number ≥ 1, got ${fragmentBytes}`);
  }
}
