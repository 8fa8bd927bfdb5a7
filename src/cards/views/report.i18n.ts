/** Words on the /report card, zh (default) and en; `{name}` is filled by `fill()`. */
import type { Locale } from "../../config/types.js";

const zh = {
  title: "会议使用报告",
  subtitle: "{from} 至 {to}（{days} 天）",
  summary: "会议使用报告 {from} 至 {to}",
  metric: "指标",
  total: "合计",
  perDay: "日均",
  change: "较上一周期",
  meetings: "会议数",
  duration: "会议时长",
  participants: "参会人次",
  averageLength: "平均每场会议",
  busiestWeekday: "最忙的是",
  busiestValue: "{weekday}（平均 {meetings} 场会议）",
  noMeetings: "这段时间没有会议。",
  previous: "上一周期：{from} 至 {to}，会议 {meetings} 场、时长 {duration}、参会 {participants} 人次。",
  previousUnavailable: "上一周期（{from} 至 {to}）超出了飞书 {lookback} 天的查询范围（{oldest} 起），无法对比。",
  previousFailed: "上一周期（{from} 至 {to}）的数据这次没能取到，暂不对比；稍后再查一次即可看到环比。",
  chartTitle: "每日会议数",
  unit: "数据驻留地：{unit}",
  footnote: "按整天统计；飞书在次日生成前一天的报告，所以“7d”指截至昨天的 7 天。",
  shortened: "飞书只保留从此刻往前 {lookback} × 24 小时的数据，{from} 是其中最早的完整一天，所以“{asked} 天”只能显示 {days} 天（{from} 至 {to}）。",
  range: "{days} 天",
} as const;

export type ReportTextKey = keyof typeof zh;

const en: Record<ReportTextKey, string> = {
  title: "Meeting usage report",
  subtitle: "{from} to {to} ({days} days)",
  summary: "Meeting usage {from} to {to}",
  metric: "Metric",
  total: "Total",
  perDay: "Per day",
  change: "vs previous period",
  meetings: "Meetings",
  duration: "Meeting time",
  participants: "Attendances",
  averageLength: "Average meeting length",
  busiestWeekday: "Busiest weekday",
  busiestValue: "{weekday} ({meetings} meetings on average)",
  noMeetings: "No meetings in this period.",
  previous: "Previous period: {from} to {to}, {meetings} meetings, {duration}, {participants} attendances.",
  previousFailed: "The previous period ({from} to {to}) could not be fetched this time, so there is no comparison; ask again shortly to see it.",
  previousUnavailable:
    "The previous period ({from} to {to}) is beyond Feishu's {lookback}-day look-back (from {oldest}), so there is no comparison.",
  chartTitle: "Meetings per day",
  unit: "Data residency: {unit}",
  footnote: "Whole days only: Feishu produces a day's report the next day, so \"7d\" means the 7 days up to yesterday.",
  shortened:
    "Feishu keeps only the last {lookback} × 24 hours from this moment; {from} is the oldest whole day in them, so \"{asked} days\" shows {days} days ({from} to {to}).",
  range: "{days} days",
};

export const REPORT_TEXT: Readonly<Record<Locale, Record<ReportTextKey, string>>> = { zh, en };

export const WEEKDAYS: Readonly<Record<Locale, readonly string[]>> = {
  zh: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

/** get_daily's `unit`: 0 mainland China, 1 US, 2 Singapore, 3 Japan. */
export const UNITS: Readonly<Record<Locale, readonly string[]>> = {
  zh: ["中国大陆", "美国", "新加坡", "日本"],
  en: ["Mainland China", "United States", "Singapore", "Japan"],
};
