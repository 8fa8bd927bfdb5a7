/**
 * POSTs one push (event, callback or challenge) to the bot the way Feishu does: encrypted when
 * an encrypt key is set, signed, and given up on after Feishu's 3 seconds.
 */
import { encryptPayload, signBody } from "./crypto.js";
import { newNonce } from "../messaging/ids.js";

export type Webhook = { eventUrl: string; cardUrl?: string; encryptKey?: string; verificationToken: string };

export interface Delivery {
  /** 0 when no HTTP answer came (timeout or connection failure). */
  status: number;
  body: string;
  timedOut: boolean;
  /** Why there was no HTTP answer. */
  error?: string;
}

/** Feishu waits 3 s for an event's HTTP 200 and for a card callback's answer. */
export const FEISHU_WAIT_MS = 3000;

export function wireBody(payload: unknown, encryptKey: string | undefined): string {
  const plaintext = JSON.stringify(payload);
  return encryptKey ? JSON.stringify({ encrypt: encryptPayload(plaintext, encryptKey) }) : plaintext;
}

export async function deliver(
  url: string,
  payload: unknown,
  webhook: Pick<Webhook, "encryptKey">,
  options: { timeoutMs: number; nowSeconds: number },
): Promise<Delivery> {
  const body = wireBody(payload, webhook.encryptKey);
  const timestamp = String(options.nowSeconds);
  const nonce = newNonce();
  const headers = {
    "content-type": "application/json; charset=utf-8",
    "x-lark-request-timestamp": timestamp,
    "x-lark-request-nonce": nonce,
    // Without an encrypt key the signature is still sent, over an empty key.
    "x-lark-signature": signBody(timestamp, nonce, webhook.encryptKey ?? "", body),
  };
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await fetch(url, { method: "POST", headers, body, signal, redirect: "manual" });
    return { status: response.status, body: await response.text(), timedOut: false };
  } catch (error) {
    const timedOut = signal.aborted;
    return {
      status: 0,
      body: "",
      timedOut,
      error: timedOut ? `no answer within ${options.timeoutMs} ms` : String(error instanceof Error ? (error.cause ?? error.message) : error),
    };
  }
}
