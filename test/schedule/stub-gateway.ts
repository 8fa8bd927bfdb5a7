import { FeishuError } from "../../src/feishu/errors.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import type { DailyReport, Page, Reservation } from "../../src/feishu/types.js";

export interface SentCard {
  chatId: string;
  card: Record<string, unknown>;
  uuid: string;
}

/**
 * A gateway for scheduler tests: the data endpoints answer small fixed figures (or fail when told
 * to), and sends are recorded, dropping a repeated uuid as Feishu does within its hour.
 */
export function stubGateway(opts: { failReport?: boolean; meetingsYesterday?: number } = {}) {
  const sent: SentCard[] = [];
  const attempts: SentCard[] = [];
  const uuids = new Set<string>();
  const unexpected = (name: string) => () => Promise.reject(new Error(`unexpected Feishu call: ${name}`));
  const gateway: FeishuGateway = {
    getBotInfo: unexpected("getBotInfo"),
    getChat: unexpected("getChat"),
    replyCard: unexpected("replyCard"),
    replyFile: unexpected("replyFile"),
    uploadFile: unexpected("uploadFile"),
    patchCard: unexpected("patchCard"),
    updateCardByToken: unexpected("updateCardByToken"),
    getMeeting: unexpected("getMeeting"),
    getDepartment: unexpected("getDepartment"),
    listDepartmentChildren: unexpected("listDepartmentChildren"),
    listMeetingsByNo: () => Promise.resolve({ items: [], pageToken: undefined, hasMore: false }),
    async sendCard(chatId, card, uuid) {
      const record = { chatId, card: card as Record<string, unknown>, uuid };
      attempts.push(record);
      if (!uuids.has(uuid)) {
        uuids.add(uuid);
        sent.push(record);
      }
      return { messageId: `om_${sent.length}`, chatId };
    },
    async getDailyReport(q): Promise<DailyReport> {
      if (opts.failReport) {
        throw new FeishuError({ code: 121005, msg: "no permission", endpoint: "report_get_daily", httpStatus: 403 });
      }
      const meetings = opts.meetingsYesterday ?? 3;
      return {
        totalMeetingCount: meetings,
        totalMeetingDurationSeconds: meetings * 1800,
        totalParticipantCount: meetings * 4,
        days: [{ date: new Date(q.end.getTime() - 3600_000), meetingCount: meetings, meetingDurationSeconds: meetings * 1800, participantCount: meetings * 4 }],
      };
    },
    listReservations: (): Promise<Page<Reservation>> => Promise.resolve({ items: [], pageToken: undefined, hasMore: false }),
    listRooms: () => Promise.resolve({ items: [{ roomId: "omm_stub", name: "Stub", roomLevelId: "omb_stub" }], pageToken: undefined, hasMore: false }),
    listRoomLevels: () => Promise.resolve({ items: [], pageToken: undefined, hasMore: false }),
    getRooms: () => Promise.resolve([{ roomId: "omm_stub", name: "Stub", roomLevelId: "omb_stub" }]),
    getPushOverview: () => Promise.resolve({ sentMessages: 10, reachedUsers: 5, readWithin1h: 4, readWithin12h: 8 }),
  };
  return { gateway, sent, attempts };
}
