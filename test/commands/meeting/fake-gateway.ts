/** A gateway holding meetings in memory, paging list_by_no with offset tokens as the emulator does, and counting calls. */
import { FeishuError } from "../../../src/feishu/errors.js";
import type { FeishuGateway } from "../../../src/feishu/gateway.js";
import type { ListMeetingsByNoQuery } from "../../../src/feishu/endpoints/meetings.js";
import type { MeetingDetail } from "../../../src/feishu/types.js";

export interface FakeGateway {
  gateway: FeishuGateway;
  listCalls: ListMeetingsByNoQuery[];
  getCalls: string[];
  maxInFlight: () => number;
}

export function fakeGateway(meetings: MeetingDetail[], opts: { missing?: Set<string>; failWith?: FeishuError } = {}): FakeGateway {
  const listCalls: ListMeetingsByNoQuery[] = [];
  const getCalls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const known: Partial<FeishuGateway> = {
    listMeetingsByNo: async (q) => {
      listCalls.push(q);
      const matching = meetings.filter(
        (m) => m.meetingNo === q.meetingNo && m.startTime! >= q.start && m.startTime! <= q.end,
      );
      const offset = Number(q.pageToken ?? "0");
      const size = q.pageSize ?? 20;
      const items = matching.slice(offset, offset + size).map((m) => ({
        id: m.id,
        topic: m.topic,
        url: m.url,
        meetingNo: m.meetingNo,
        password: m.password,
      }));
      const next = offset + items.length;
      const hasMore = next < matching.length;
      return { items, hasMore, pageToken: hasMore ? String(next) : undefined };
    },
    getMeeting: async (id) => {
      getCalls.push(id);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      if (opts.failWith) throw opts.failWith;
      const found = meetings.find((m) => m.id === id);
      if (!found || opts.missing?.has(id)) {
        throw new FeishuError({ code: 121004, msg: "data not exist", endpoint: "meeting_get", httpStatus: 404 });
      }
      return found;
    },
  };
  const gateway = new Proxy(known as FeishuGateway, {
    get(target, name) {
      const method = (target as unknown as Record<string | symbol, unknown>)[name];
      return method ?? (() => Promise.reject(new Error(`unexpected Feishu call: ${String(name)}`)));
    },
  });
  return { gateway, listCalls, getCalls, maxInFlight: () => maxInFlight };
}
