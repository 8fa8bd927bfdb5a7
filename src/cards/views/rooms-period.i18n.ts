/** Words of the /rooms period card, in Chinese (the default) and English; `{name}` is filled from params (escape user text first). */
import { translator } from "../i18n.js";

const zh = {
  title: "会议室使用率 · {from} 至 {to}",
  subtitleDays: "{days} 天",
  asOf: "今天截至 {time}",
  filter: "会议室名称含「{filter}」",
  summaryLine: "会议室使用率 {from} 至 {to}",
  progress: "正在加载预定… 已加载 {loaded}/{total} 天（下面的数字只含已加载的天）",
  overview: "**概览**",
  rooms: "会议室 **{rooms}** 间，有预定的 **{used}** 间 · 预定 **{reservations}** 个",
  utilisation: "使用率 **{rate}**（工作时间内预定 {booked} / 可用 {available}）",
  checkIn: "签到率 **{rate}** · 未到场率 **{noShowRate}**（未到场 {noShows} 个）",
  released: "提前释放 **{count}** 个，归还 **{duration}**",
  roomsHeading: "**各会议室**（按使用率）",
  "column.room": "会议室",
  "column.utilisation": "使用率",
  "column.booked": "预定时长",
  "column.checkIn": "签到率",
  "column.noShow": "未到场率",
  "column.givenBack": "提前归还",
  moreRooms: "还有 {count} 间会议室未列出，导出可看全部。",
  unused: "**这段时间没人预定的会议室**（{count} 间）：{rooms}",
  unusedMore: "，另有 {count} 间",
  unusedNone: "**这段时间每间会议室都有人预定。**",
  listSep: "、",
  chartTitle: "最忙的时段（预定小时数，星期 × 小时）",
  hourAxis: "时",
  bookers: "**多次未到场的预定人**（仅管理员在私聊中可见）：{people}",
  booker: "{name}（{noShows} 次 / {reservations} 个预定）",
  bookersMore: "，另有 {count} 人",
  bookersNone: "**多次未到场的预定人**（仅管理员在私聊中可见）：没有人未到场 2 次或以上。",
  footnote: "使用率只计工作时间（{days} {start}–{end}，可在 app.yaml 的 rooms.working_hours 修改）内的已确认预定；签到率和未到场率的分母是签到已有结果的预定。",
  truncated: "有些天的预定太多，只统计了取到的部分。",
  weekdaySep: "、",
} as const;

export type RoomsPeriodKey = keyof typeof zh;

const en: Record<RoomsPeriodKey, string> = {
  title: "Room utilisation · {from} to {to}",
  subtitleDays: "{days} days",
  asOf: "today until {time}",
  filter: "room names containing \"{filter}\"",
  summaryLine: "Room utilisation {from} to {to}",
  progress: "Loading reservations… {loaded}/{total} days loaded (the figures below cover those days only)",
  overview: "**Overview**",
  rooms: "**{rooms}** rooms, **{used}** booked · **{reservations}** reservations",
  utilisation: "Utilisation **{rate}** ({booked} booked of {available} available in working hours)",
  checkIn: "Check-in rate **{rate}** · no-show rate **{noShowRate}** ({noShows} no-shows)",
  released: "Released early **{count}**, **{duration}** given back",
  roomsHeading: "**By room** (most used first)",
  "column.room": "Room",
  "column.utilisation": "Used",
  "column.booked": "Booked",
  "column.checkIn": "Check-in",
  "column.noShow": "No-show",
  "column.givenBack": "Given back",
  moreRooms: "{count} more rooms not listed; export for all of them.",
  unused: "**Rooms nobody booked in this period** ({count}): {rooms}",
  unusedMore: ", and {count} more",
  unusedNone: "**Every room was booked in this period.**",
  listSep: ", ",
  chartTitle: "Busiest hours (hours booked, weekday × hour)",
  hourAxis: "hour",
  bookers: "**Repeat no-show bookers** (admins, in a direct chat only): {people}",
  booker: "{name} ({noShows} of {reservations} reservations)",
  bookersMore: ", and {count} more",
  bookersNone: "**Repeat no-show bookers** (admins, in a direct chat only): nobody missed 2 or more.",
  footnote: "Utilisation counts confirmed reservations inside working hours only ({days} {start}–{end}; rooms.working_hours in app.yaml); check-in and no-show rates are over reservations whose check-in is settled.",
  truncated: "Some days had more reservations than the bot fetches; the figures cover those fetched.",
  weekdaySep: ", ",
};

export const rpt = translator<RoomsPeriodKey>({ zh, en });

/** ISO weekday (1 Monday … 7 Sunday) → its short name. */
export const PERIOD_WEEKDAYS: Record<"zh" | "en", readonly string[]> = {
  zh: ["", "周一", "周二", "周三", "周四", "周五", "周六", "周日"],
  en: ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};
