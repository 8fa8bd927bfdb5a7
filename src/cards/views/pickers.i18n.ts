/** Words of the pickers at the top of the /rooms, /report and /meeting list cards; `{name}` is filled from params. */
import { translator } from "../i18n.js";

const zh = {
  datePlaceholder: "选择日期",
  roomPlaceholder: "选择会议室",
  roomFiltered: "名称含「{filter}」",
  allRooms: "全部会议室",
  roomsCapped: "下拉列表只列出前 {count} 间会议室；其他会议室可以输入 /rooms {date} <名称>",
  rangePlaceholder: "选择范围",
  rangeDays: "最近 {days} 天",
} as const;

export type PickerKey = keyof typeof zh;

const en: Record<PickerKey, string> = {
  datePlaceholder: "Pick a day",
  roomPlaceholder: "Pick a room",
  roomFiltered: "Names containing \"{filter}\"",
  allRooms: "All rooms",
  roomsCapped: "The list offers the first {count} rooms; for another, type /rooms {date} <name>",
  rangePlaceholder: "Pick a range",
  rangeDays: "Last {days} days",
};

export const pk = translator<PickerKey>({ zh, en });
