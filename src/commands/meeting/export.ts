/**
 * `/meeting`'s Export: the tables behind its cards. A list: every meeting of the window (the file
 * says when the walk was capped); a meeting: its facts and every participant. Headers in the
 * asker's language, instants as Dates (the workbook writes them in the bot's time zone), durations
 * in minutes. A password goes into a file only where the card shows it: a meeting's, in a direct
 * chat whose config allows it; a list's never (its card never shows one).
 */
import type { MeetingDetail, Participant } from "../../feishu/types.js";
import { localParts } from "../../time/local.js";
import type { ExportFile, Sheet, SheetCell } from "../export.js";
import type { CommandContext, Locale } from "../types.js";
import type { DetailData } from "./detail.js";
import type { ListPage } from "./list.js";
import { sortParticipants } from "./participants.js";
import { MAX_COUNTED } from "./summary.js";
import { meetingSeconds } from "./timing.js";

type Texts = Record<Locale, string>;
const t = (locale: Locale, texts: Texts) => texts[locale];

const MEETING_STATUS: Record<MeetingDetail["status"], Texts> = {
  calling: { zh: "呼叫中", en: "Calling" },
  in_progress: { zh: "进行中", en: "In progress" },
  ended: { zh: "已结束", en: "Ended" },
  unknown: { zh: "未知", en: "Unknown" },
};

const PARTICIPANT_STATUS: Record<Participant["status"], Texts> = {
  calling: { zh: "呼叫中", en: "Calling" },
  in_meeting: { zh: "在会中", en: "In the meeting" },
  ringing: { zh: "响铃中", en: "Ringing" },
  left: { zh: "已离开", en: "Left" },
  unknown: { zh: "未知", en: "Unknown" },
};

/** Seconds → whole minutes, rounded: a number a spreadsheet can sum. */
export function minutes(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds / 60);
}

function passwordShown(ctx: CommandContext): boolean {
  return ctx.chatType === "p2p" && ctx.deps.config.bot.showPasswordInP2p;
}

export function meetingListExport(page: ListPage, ctx: CommandContext): ExportFile {
  const { locale } = ctx;
  const zone = ctx.deps.config.bot.timezone;
  const columns = [
    { key: "start", header: t(locale, { zh: "开始时间", en: "Start" }) },
    { key: "end", header: t(locale, { zh: "结束时间", en: "End" }) },
    { key: "minutes", header: t(locale, { zh: "时长（分钟）", en: "Duration (min)" }) },
    { key: "topic", header: t(locale, { zh: "会议主题", en: "Topic" }) },
    { key: "status", header: t(locale, { zh: "状态", en: "Status" }) },
    { key: "host", header: t(locale, { zh: "主持人 ID", en: "Host ID" }) },
    { key: "peak", header: t(locale, { zh: "最多同时在会人数", en: "Peak participants" }) },
    { key: "total", header: t(locale, { zh: "累计参会人数", en: "Participants (total)" }) },
    { key: "meetingId", header: t(locale, { zh: "会议 ID", en: "Meeting ID" }) },
  ];
  const rows = page.items.map(({ brief, detail }) => ({
      start: detail?.startTime,
      end: detail?.endTime,
      minutes: detail ? minutes(meetingSeconds(detail, page.now)) : undefined,
      topic: detail?.topic || brief.topic,
      status: detail ? t(locale, MEETING_STATUS[detail.status]) : undefined,
      host: detail?.host?.id,
      peak: detail?.participantCountPeak,
      total: detail?.participantCountAccumulated,
      meetingId: brief.id,
  }));
  const from = localParts(page.state.startSec * 1000, zone).date;
  const to = localParts(page.state.endSec * 1000, zone).date;
  const about: Sheet = {
    name: t(locale, { zh: "说明", en: "About" }),
    columns: [
      { key: "what", header: t(locale, { zh: "项目", en: "Item" }) },
      { key: "value", header: t(locale, { zh: "内容", en: "Value" }) },
    ],
    rows: [
      { what: t(locale, { zh: "会议号", en: "Meeting number" }), value: page.meetingNo },
      { what: t(locale, { zh: "时间范围", en: "Range" }), value: `${from} .. ${to} (${zone})` },
      { what: t(locale, { zh: "会议数", en: "Meetings" }), value: rows.length },
      ...(page.state.countCapped
        ? [
            {
              what: t(locale, { zh: "注意", en: "Note" }),
              value: t(locale, {
                zh: `会议过多，只导出了最早的 ${MAX_COUNTED} 场；请缩小时间范围。`,
                en: `Too many meetings: only the earliest ${MAX_COUNTED} are exported; narrow the range.`,
              }),
            },
          ]
        : []),
    ],
  };
  return {
    fileName: `${t(locale, { zh: "会议列表", en: "Meetings" })} ${page.meetingNo} ${from}..${to}.xlsx`,
    sheets: [{ name: t(locale, { zh: "会议", en: "Meetings" }), columns, rows }, about],
  };
}

export function meetingDetailExport(data: DetailData, ctx: CommandContext): ExportFile {
  const { locale } = ctx;
  const { detail, roomNames, now } = data;
  const name = (id: string, type: Participant["userType"]) => (type === "rooms" ? roomNames?.get(id) : undefined);
  const participants: Sheet = {
    name: t(locale, { zh: "参会人", en: "Participants" }),
    columns: [
      { key: "id", header: t(locale, { zh: "参会人 ID", en: "Participant ID" }) },
      { key: "room", header: t(locale, { zh: "会议室", en: "Room" }) },
      { key: "type", header: t(locale, { zh: "类型", en: "Type" }) },
      { key: "role", header: t(locale, { zh: "角色", en: "Role" }) },
      { key: "external", header: t(locale, { zh: "外部", en: "External" }) },
      { key: "firstJoin", header: t(locale, { zh: "首次入会", en: "First joined" }) },
      { key: "lastLeave", header: t(locale, { zh: "最终离会", en: "Last left" }) },
      { key: "minutes", header: t(locale, { zh: "在会时长（分钟）", en: "In meeting (min)" }) },
      { key: "status", header: t(locale, { zh: "状态", en: "Status" }) },
    ],
    rows: sortParticipants(detail.participants ?? []).map((p) => ({
      id: p.id,
      room: name(p.id, p.userType),
      type: p.userType,
      role: p.isHost ? t(locale, { zh: "主持人", en: "Host" }) : p.isCohost ? t(locale, { zh: "联席主持人", en: "Co-host" }) : undefined,
      external: p.isExternal ? t(locale, { zh: "是", en: "Yes" }) : t(locale, { zh: "否", en: "No" }),
      firstJoin: p.firstJoinTime,
      lastLeave: p.finalLeaveTime,
      minutes: minutes(p.inMeetingSeconds),
      status: t(locale, PARTICIPANT_STATUS[p.status]),
    })),
  };
  const facts: Array<[Texts, SheetCell]> = [
    [{ zh: "会议主题", en: "Topic" }, detail.topic],
    [{ zh: "会议 ID", en: "Meeting ID" }, detail.id],
    [{ zh: "会议号", en: "Meeting number" }, detail.meetingNo],
    [{ zh: "开始时间", en: "Start" }, detail.startTime],
    [{ zh: "结束时间", en: "End" }, detail.endTime],
    [{ zh: "时长（分钟）", en: "Duration (min)" }, minutes(meetingSeconds(detail, now))],
    [{ zh: "状态", en: "Status" }, t(locale, MEETING_STATUS[detail.status])],
    [{ zh: "主持人 ID", en: "Host ID" }, detail.host?.id],
    [{ zh: "最多同时在会人数", en: "Peak participants" }, detail.participantCountPeak],
    [{ zh: "累计参会人数", en: "Participants (total)" }, detail.participantCountAccumulated],
  ];
  // The one place a meeting's password is read for a file: only where its card would show it.
  if (passwordShown(ctx) && detail.password) facts.push([{ zh: "会议密码", en: "Password" }, detail.password.reveal()]);
  const meeting: Sheet = {
    name: t(locale, { zh: "会议", en: "Meeting" }),
    columns: [
      { key: "what", header: t(locale, { zh: "项目", en: "Item" }) },
      { key: "value", header: t(locale, { zh: "内容", en: "Value" }) },
    ],
    rows: facts.map(([what, value]) => ({ what: t(locale, what), value })),
  };
  const day = detail.startTime ? ` ${localParts(detail.startTime, ctx.deps.config.bot.timezone).date}` : "";
  return {
    fileName: `${t(locale, { zh: "参会人", en: "Participants" })} ${detail.meetingNo || detail.id}${day}.xlsx`,
    sheets: [participants, meeting],
  };
}
