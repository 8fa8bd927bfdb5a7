/**
 * What the SDK's WSClient hands each push to. The WSClient calls `invoke` with the raw envelope
 * (JSON-parsed, fragments merged) and acks the frame once it resolves: `{code: 200}`, with the
 * resolved value as the card callback's answer, or `{code: 500}` when it throws, after which Feishu
 * pushes it again (to any connected client). The SDK's own per-type handlers are not used: they see
 * a flattened event without `header.token`, and ingress's checks want the envelope as sent.
 */
import * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../log/logger.js";
import type { IngressCore } from "./core.js";
import { checkPush, type PushCheckOptions } from "./push-check.js";
import type { IngressObserver, RefusalReason } from "./types.js";

/** Thrown from `invoke` to refuse a push: the SDK acks it with code 500 and Feishu pushes it again. */
export class PushRefusedError extends Error {
  override readonly name = "PushRefusedError";

  constructor(
    readonly reason: RefusalReason,
    readonly detail: string,
  ) {
    super(`push refused (${reason}): ${detail}`);
  }
}

export interface IngressDispatcherOptions {
  core: IngressCore;
  check: PushCheckOptions;
  logger: Logger;
  /** The SDK's logger (the EventDispatcher logs at construction). */
  sdkLogger: lark.Logger;
  observer?: IngressObserver;
  /**
   * Which socket is open now (a number that changes whenever the connection drops or comes back),
   * or undefined when none is. A push's ack goes out on whatever socket the SDK holds when it is
   * sent: it reached Feishu only if that is still the socket the push came on.
   */
  socket: () => number | undefined;
}

export class IngressDispatcher extends lark.EventDispatcher {
  readonly #options: IngressDispatcherOptions;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(options: IngressDispatcherOptions) {
    super({ logger: options.sdkLogger, loggerLevel: lark.LoggerLevel.info });
    this.#options = options;
  }

  /** The SDK passes `{needCheck: false}`: there is nothing of its own to check on this path. */
  override invoke(data: unknown, _params?: { needCheck?: boolean }): Promise<unknown> {
    const handled = this.#handle(data);
    this.#inFlight.add(handled);
    const forget = () => this.#inFlight.delete(handled);
    handled.then(forget, forget);
    return handled;
  }

  /** Pushes being handled now (their acks not yet handed to the SDK). */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  /**
   * Resolves true once no push is being handled (their acks written: the SDK sends an ack in the
   * same turn as `invoke` resolves), or false after `timeoutMs` with some still running.
   */
  async idle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
      clearTimeout(timer);
    }
    await nextTurn();
    return true;
  }

  async #handle(data: unknown): Promise<unknown> {
    const { core, check, observer } = this.#options;
    const arrivedOn = this.#options.socket();
    const checked = checkPush(data, check);
    if (!checked.ok) return this.#refuse(checked.reason, checked.detail, eventIdOf(data));
    const { envelope } = checked;
    observer?.received(envelope.kind, "websocket");
    if (envelope.kind === "card_action") {
      const verdict = await core.acceptCardAction(envelope);
      verdict.sent(this.#ackSent(arrivedOn));
      // The SDK sends what this resolves to as the answer (JSON, base64 in the ack's `data`).
      return JSON.parse(verdict.body) as unknown;
    }
    const verdict = await core.acceptEvent(envelope);
    if (!verdict.ack) return this.#refuse(verdict.reason, verdict.detail, envelope.eventId);
    return undefined;
  }

  #refuse(reason: RefusalReason, detail: string, eventId: string | undefined): never {
    this.#options.logger.warn({ transport: "websocket", reason, detail, eventId }, "ingress: push refused");
    this.#options.observer?.refused(reason, "websocket");
    throw new PushRefusedError(reason, detail);
  }

  /**
   * Whether the ack of the push being answered went out to Feishu. The SDK sends it in the
   * microtasks that follow `invoke`'s resolution, and tells nobody: by the next turn of the event
   * loop it has been written to the socket it holds, which counts only if the push came on it.
   */
  #ackSent(arrivedOn: number | undefined): Promise<boolean> {
    return nextTurn().then(() => arrivedOn !== undefined && this.#options.socket() === arrivedOn);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function eventIdOf(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const header = (data as { header?: unknown }).header;
  const id = typeof header === "object" && header !== null ? (header as { event_id?: unknown }).event_id : undefined;
  return typeof id === "string" ? id : undefined;
}
