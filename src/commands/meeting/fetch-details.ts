/**
 * Meeting details for many ids: each id fetched once per command, a few calls at once, their
 * starts paced under the endpoint's per-second limit. (Waiting out a 429 that still happens is the
 * gateway's retry's job.)
 */
import pLimit from "p-limit";
import { FeishuError } from "../../feishu/errors.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingDetail } from "../../feishu/types.js";

/** meetings/:meeting_id allows 50/s and 1000/min per app: keep well under the per-second one. */
export const DETAIL_CONCURRENCY = 5;
export const DETAIL_CALLS_PER_SECOND = 40;

/** 121004 "data not exist": listed, but its details are gone (or not ours): the row says so. */
const NOT_FOUND_CODE = 121004;

export type DetailFetcher = (meetingId: string) => Promise<MeetingDetail | undefined>;

export interface FetcherOptions {
  concurrency?: number;
  perSecond?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createDetailFetcher(gateway: FeishuGateway, opts: FetcherOptions = {}): DetailFetcher {
  const limit = pLimit(opts.concurrency ?? DETAIL_CONCURRENCY);
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pace = pacer(opts.perSecond ?? DETAIL_CALLS_PER_SECOND, sleep);
  const fetched = new Map<string, Promise<MeetingDetail | undefined>>();

  async function fetchOne(meetingId: string): Promise<MeetingDetail | undefined> {
    await pace();
    try {
      return await gateway.getMeeting(meetingId);
    } catch (error) {
      if (error instanceof FeishuError && error.code === NOT_FOUND_CODE) return undefined;
      // The command fails as a whole (permission, outage): calls still queued would fail too.
      limit.clearQueue();
      throw error;
    }
  }

  return (meetingId) => {
    const known = fetched.get(meetingId);
    if (known) return known;
    const pending = limit(() => fetchOne(meetingId));
    fetched.set(meetingId, pending);
    return pending;
  };
}

/** Resolves when the next call may start: starts are spaced 1/perSecond apart. */
function pacer(perSecond: number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gap;
    if (at > now) await sleep(at - now);
  };
}
