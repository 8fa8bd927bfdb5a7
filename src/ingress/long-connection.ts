/**
 * The long connection: Feishu's pushes (messages, card callbacks) over the WebSocket the SDK's
 * WSClient opens to Feishu, handed to the same ingress core as the webhooks. No public URL and no
 * encrypt key: the socket is opened with the app's secret and carries plaintext.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import { createSdkLogger } from "../feishu/sdk-logger.js";
import { createIngressCore, type IngressCoreOptions } from "./core.js";
import { IngressDispatcher } from "./dispatcher.js";

export type LongConnectionState = "connecting" | "connected" | "reconnecting" | "failed" | "stopped";

export interface LongConnectionOptions extends Omit<IngressCoreOptions, "transport"> {
  appId: string;
  appSecret: string;
  /** Feishu's base URL: the WSClient asks `${domain}/callback/ws/endpoint` where to connect. */
  domain: string;
  /** Checked when a push carries one. */
  verificationToken?: string;
  /** How long `start` waits for the first connection (default 30 s). */
  readyTimeoutMs?: number;
  /** How long `stop` lets pushes being handled get their acks out (default 3 s). */
  stopGraceMs?: number;
  /** A connection attempt that neither opens nor fails by then is abandoned and retried (default 10 s). */
  handshakeTimeoutMs?: number;
  /** A socket silent this long after a ping is taken for dead and replaced (default 30 s; catches half-open sockets). */
  pingTimeoutSeconds?: number;
  /** Told when the connection comes up, drops, comes back or gives up (metrics). */
  onConnection?: (change: ConnectionChange) => void;
}

export type ConnectionChange = "up" | "lost" | "restored" | "failed";

export interface LongConnection {
  /**
   * Connects; resolves once the connection is up. Rejects with a LongConnectionError when Feishu
   * refuses the app's credentials or no connection comes up within `readyTimeoutMs`.
   */
  start(): Promise<void>;
  state(): LongConnectionState;
  /**
   * Resolves (never rejects) if the connection gives up for good after it was up: Feishu refused
   * the credentials on a reconnect. Nothing more will arrive.
   */
  readonly failed: Promise<LongConnectionError>;
  /**
   * Lets pushes being handled send their acks (for at most `stopGraceMs`), then closes the socket:
   * Feishu pushes anything not acked to another client. Idempotent.
   */
  stop(): Promise<void>;
}

export class LongConnectionError extends Error {
  override readonly name = "LongConnectionError";

  constructor(
    /**
     * `refused`: the client gave up (Feishu turned the credentials down, or its reconnect attempts
     * ran out); `timeout`: no connection in time; `stopped`: stopped before it was up.
     */
    readonly kind: "refused" | "timeout" | "stopped",
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_READY_TIMEOUT_MS = 30_000;
const DEFAULT_STOP_GRACE_MS = 3_000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;
const DEFAULT_PING_TIMEOUT_SECONDS = 30;

export function createLongConnection(options: LongConnectionOptions): LongConnection {
  const { logger } = options;
  const sdkLogger = createSdkLogger(logger, [options.appSecret, options.verificationToken ?? ""]);
  let current: LongConnectionState = "connecting";
  let stopping: Promise<void> | undefined;
  let settleStart: ((error?: LongConnectionError) => void) | undefined;
  let reportFailure!: (error: LongConnectionError) => void;
  const failed = new Promise<LongConnectionError>((resolve) => {
    reportFailure = resolve;
  });

  /** Which socket the SDK holds: counted up whenever the connection comes up, drops or comes back. */
  let socket = 0;
  const client = new lark.WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: options.domain,
    logger: sdkLogger,
    loggerLevel: lark.LoggerLevel.debug,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    wsConfig: { pingTimeout: options.pingTimeoutSeconds ?? DEFAULT_PING_TIMEOUT_SECONDS },
    onReady: () => {
      if (stopping) return;
      socket += 1;
      current = "connected";
      logger.info("long connection up: receiving events and card callbacks");
      options.onConnection?.("up");
      settleStart?.();
    },
    onReconnecting: () => {
      if (stopping) return;
      socket += 1;
      current = "reconnecting";
      logger.warn("long connection lost; reconnecting");
      options.onConnection?.("lost");
    },
    onReconnected: () => {
      if (stopping) return;
      socket += 1;
      current = "connected";
      logger.info("long connection restored");
      options.onConnection?.("restored");
    },
    onError: (error: Error) => {
      if (stopping) return;
      current = "failed";
      options.onConnection?.("failed");
      const failure = new LongConnectionError("refused", `long connection failed: ${error.message}`);
      logger.error(
        { reason: error.message },
        "long connection failed for good; nothing more will be received (check FEISHU_APP_ID, FEISHU_APP_SECRET and that the app is a self-built one)",
      );
      client.close({ force: true });
      if (settleStart) settleStart(failure);
      else reportFailure(failure);
    },
  });

  const dispatcher = new IngressDispatcher({
    core: createIngressCore({ ...options, transport: "websocket" }),
    check: { appId: options.appId, ...(options.verificationToken ? { verificationToken: options.verificationToken } : {}) },
    logger,
    sdkLogger,
    ...(options.observer ? { observer: options.observer } : {}),
    socket: () => (client.getConnectionStatus().state === "connected" ? socket : undefined),
  });

  const start = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
      const timer = setTimeout(() => {
        current = "failed";
        client.close({ force: true });
        logger.error({ readyTimeoutMs }, "long connection: not up in time (is Feishu's domain reachable?)");
        settleStart?.(new LongConnectionError("timeout", `long connection not up within ${readyTimeoutMs} ms`));
      }, readyTimeoutMs);
      settleStart = (error) => {
        settleStart = undefined;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      logger.info({ domain: options.domain }, "long connection: connecting");
      // start() resolves before the socket is up (onReady says when); it never rejects.
      void client.start({ eventDispatcher: dispatcher });
    });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const wasUp = current === "connected" || current === "reconnecting";
      current = "stopped";
      settleStart?.(new LongConnectionError("stopped", "long connection stopped before it was up"));
      if (wasUp) {
        const busy = dispatcher.inFlight;
        const idle = await dispatcher.idle(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
        if (!idle) logger.warn({ busy: dispatcher.inFlight }, "long connection: pushes still being handled at close; Feishu will push them again");
        else if (busy > 0) logger.info({ busy }, "long connection: pushes being handled got their acks");
      }
      // Not forced: the close frame goes out after the acks already written to the socket.
      client.close();
      logger.info("long connection closed");
    })();
    return stopping;
  };

  return { start, state: () => current, failed, stop };
}
