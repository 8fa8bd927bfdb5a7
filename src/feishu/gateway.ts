/** The gateway: one typed, normalised function per Feishu endpoint the bot uses. */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { Logger } from "../log/logger.js";
import { createFeishuCall, type RetryPolicy } from "./call.js";
import { getPushOverview, type PushOverviewQuery } from "./endpoints/app-usage.js";
import { getBotInfo } from "./endpoints/bot.js";
import {
  getMeeting,
  listMeetingsByNo,
  type GetMeetingOptions,
  type ListMeetingsByNoQuery,
} from "./endpoints/meetings.js";
import { patchCard, replyCard, sendCard, updateCardByToken } from "./endpoints/messages.js";
import { getDailyReport, type DailyReportQuery } from "./endpoints/reports.js";
import { listReservations, type ReservationQuery } from "./endpoints/rooms.js";
import type {
  BotInfo,
  DailyReport,
  MeetingBrief,
  MeetingDetail,
  Page,
  PushOverview,
  Reservation,
  SentMessageRef,
} from "./types.js";

/** Every method resolves with normalised data or rejects with a FeishuError. */
export interface FeishuGateway {
  getBotInfo(): Promise<BotInfo>;
  replyCard(messageId: string, card: object, uuid: string): Promise<SentMessageRef>;
  sendCard(chatId: string, card: object, uuid: string): Promise<SentMessageRef>;
  patchCard(messageId: string, card: object): Promise<void>;
  updateCardByToken(token: string, card: object): Promise<void>;
  getMeeting(meetingId: string, opts?: GetMeetingOptions): Promise<MeetingDetail>;
  listMeetingsByNo(q: ListMeetingsByNoQuery): Promise<Page<MeetingBrief>>;
  getDailyReport(q: DailyReportQuery): Promise<DailyReport>;
  listReservations(q: ReservationQuery): Promise<Page<Reservation>>;
  getPushOverview(q: PushOverviewQuery): Promise<PushOverview>;
}

export function createFeishuGateway(
  client: lark.Client,
  opts: { appId: string; logger: Logger; retry?: RetryPolicy },
): FeishuGateway {
  const call = createFeishuCall(client, opts);
  return {
    getBotInfo: () => getBotInfo(client, call),
    replyCard: (messageId, card, uuid) => replyCard(client, call, messageId, card, uuid),
    sendCard: (chatId, card, uuid) => sendCard(client, call, chatId, card, uuid),
    patchCard: (messageId, card) => patchCard(client, call, messageId, card),
    updateCardByToken: (token, card) => updateCardByToken(client, call, token, card),
    getMeeting: (meetingId, meetingOpts) => getMeeting(client, call, meetingId, meetingOpts),
    listMeetingsByNo: (q) => listMeetingsByNo(client, call, q),
    getDailyReport: (q) => getDailyReport(client, call, q),
    listReservations: (q) => listReservations(client, call, q),
    getPushOverview: (q) => getPushOverview(client, call, opts.appId, q),
  };
}
