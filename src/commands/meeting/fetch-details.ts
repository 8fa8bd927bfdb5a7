/**
 * Meeting details for many ids: each id fetched once per command, several calls at once. Their pace
 * is the gateway's: its limiter holds meeting_get to Feishu's 50/s and 1000/min across every command
 * and replica, and a detail answered from its cache costs no wait at all.
 */
import pLimit from "p-limit";
import { FeishuError } from "../../feishu/errors.js";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { MeetingDetail } from "../../feishu/types.js";

/**
 * Calls in flight at once: the details a first card waits for (summary.ts MEASURED_BEFORE_FIRST_CARD)
 * go out in one round, and a long count fills meeting_get's 50/s at Feishu's usual 100–600 ms a call.
 */
export const DETAIL_CONCURRENCY = 30;
/** meeting_get's documented rate (feishu/limits.ts): what a long count's "counting…" estimate assumes. */
export const DETAIL_CALLS_PER_SECOND = 50;

/** 121004 "data not exist": listed, but its details are gone (or not ours): the row says so. */
const NOT_FOUND_CODE = 121004;

export type DetailFetcher = (meetingId: string) => Promise<MeetingDetail | undefined>;

export interface FetcherOptions {
  concurrency?: number;
}

export function createDetailFetcher(gateway: FeishuGateway, opts: FetcherOptions = {}): DetailFetcher {
  const limit = pLimit(opts.concurrency ?? DETAIL_CONCURRENCY);
  const fetched = new Map<string, Promise<MeetingDetail | undefined>>();

  async function fetchOne(meetingId: string): Promise<MeetingDetail | undefined> {
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
