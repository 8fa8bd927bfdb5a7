/** The gateway: one typed, normalised function per Feishu endpoint the bot uses. */
import type * as lark from "@larksuiteoapi/node-sdk";
import { createFeishuCall, type FeishuCallOptions } from "./call.js";
import { getPushOverview, type PushOverviewQuery } from "./endpoints/app-usage.js";
import { getBotInfo } from "./endpoints/bot.js";
import { getChat } from "./endpoints/chats.js";
import { getDepartment, listDepartmentChildren, type DepartmentChildrenQuery, type DepartmentQuery } from "./endpoints/contact.js";
import {
  getMeeting,
  listMeetingsByNo,
  type GetMeetingOptions,
  type ListMeetingsByNoQuery,
} from "./endpoints/meetings.js";
import { uploadFile, type FileUpload } from "./endpoints/files.js";
import { patchCard, replyCard, replyFile, sendCard, updateCardByToken, type ReplyOptions } from "./endpoints/messages.js";
import { getDailyReport, type DailyReportQuery } from "./endpoints/reports.js";
import {
  ROOM_BATCH_MAX,
  getRooms,
  listReservations,
  listRoomLevels,
  listRooms,
  type ReservationQuery,
  type RoomTreeQuery,
} from "./endpoints/rooms.js";
import type {
  BotInfo,
  ChatInfo,
  DepartmentInfo,
  DepartmentNode,
  DailyReport,
  MeetingBrief,
  MeetingDetail,
  Page,
  PushOverview,
  Reservation,
  Room,
  RoomLevel,
  SentMessageRef,
} from "./types.js";

/** Every method resolves with normalised data or rejects with a FeishuError. */
export interface FeishuGateway {
  getBotInfo(): Promise<BotInfo>;
  /**
   * A chat's mode, from Feishu (never from a button's value): whether a clicked card sits in a direct
   * chat. Kept for 12 hours (a mode never changes), an unknown one for a minute; failures not kept.
   */
  getChat(chatId: string): Promise<ChatInfo>;
  /** Pass the chat when known: replies then wait their turn under Feishu's 5-a-second per-chat limit. */
  replyCard(messageId: string, card: object, uuid: string, opts?: ReplyOptions): Promise<SentMessageRef>;
  sendCard(chatId: string, card: object, uuid: string): Promise<SentMessageRef>;
  /** Uploads a file (≤ 30 MB, not empty; scope im:resource or im:resource:upload) and resolves with its file_key. */
  uploadFile(upload: FileUpload): Promise<string>;
  /** A file message replying to `messageId`, naming a file_key this app uploaded. */
  replyFile(messageId: string, fileKey: string, uuid: string, opts?: ReplyOptions): Promise<SentMessageRef>;
  patchCard(messageId: string, card: object): Promise<void>;
  updateCardByToken(token: string, card: object): Promise<void>;
  getMeeting(meetingId: string, opts?: GetMeetingOptions): Promise<MeetingDetail>;
  listMeetingsByNo(q: ListMeetingsByNoQuery): Promise<Page<MeetingBrief>>;
  getDailyReport(q: DailyReportQuery): Promise<DailyReport>;
  listReservations(q: ReservationQuery): Promise<Page<Reservation>>;
  listRooms(q: RoomTreeQuery): Promise<Page<Room>>;
  listRoomLevels(q: RoomTreeQuery): Promise<Page<RoomLevel>>;
  /** The rooms named by these ids (at most ROOM_BATCH_MAX a call); unknown ids are simply absent. */
  getRooms(roomIds: readonly string[]): Promise<Room[]>;
  getPushOverview(q: PushOverviewQuery): Promise<PushOverview>;
  /** One department's name and ids (needs a contact scope; 99991672 without it). */
  getDepartment(q: DepartmentQuery): Promise<DepartmentInfo>;
  /** One page of the departments under a department ("0": the root); needs a contact scope (99991672 without it). */
  listDepartmentChildren(q: DepartmentChildrenQuery): Promise<Page<DepartmentNode>>;
}

export type FeishuGatewayOptions = FeishuCallOptions;

export { ROOM_BATCH_MAX };

export function createFeishuGateway(client: lark.Client, opts: FeishuGatewayOptions): FeishuGateway {
  // The gateway owns the tenant token (one fetch for all callers); the SDK must not add its own.
  client.disableTokenCache = true;
  const call = createFeishuCall(client, opts);
  return {
    getBotInfo: () => getBotInfo(client, call),
    getChat: (chatId) => getChat(client, call, chatId),
    replyCard: (messageId, card, uuid, replyOpts) => replyCard(client, call, messageId, card, uuid, replyOpts),
    sendCard: (chatId, card, uuid) => sendCard(client, call, chatId, card, uuid),
    uploadFile: (upload) => uploadFile(client, call, upload),
    replyFile: (messageId, fileKey, uuid, replyOpts) => replyFile(client, call, messageId, fileKey, uuid, replyOpts),
    patchCard: (messageId, card) => patchCard(client, call, messageId, card),
    updateCardByToken: (token, card) => updateCardByToken(client, call, token, card),
    getMeeting: (meetingId, meetingOpts) => getMeeting(client, call, meetingId, meetingOpts),
    listMeetingsByNo: (q) => listMeetingsByNo(client, call, q),
    getDailyReport: (q) => getDailyReport(client, call, q),
    listReservations: (q) => listReservations(client, call, q),
    listRooms: (q) => listRooms(client, call, q),
    listRoomLevels: (q) => listRoomLevels(client, call, q),
    getRooms: (roomIds) => getRooms(client, call, roomIds),
    getPushOverview: (q) => getPushOverview(client, call, opts.appId, q),
    getDepartment: (q) => getDepartment(client, call, q),
    listDepartmentChildren: (q) => listDepartmentChildren(client, call, q),
  };
}
