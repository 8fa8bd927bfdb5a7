/** Words of the refusal and busy cards and of the toasts that answer refused clicks, in Chinese (the default) and English. */
import { translator } from "../i18n.js";

const zh = {
  refusedTitle: "没有权限",
  refusedAdmins: "只有机器人的管理员可以使用 {command}。",
  refusedAdminsLabel: "管理员：",
  refusedMoreAdmins: "等 {count} 人",
  refusedNoAdmins: "还没有设置管理员：请运维在 app.yaml 的 bot.admins（或环境变量 BOT_ADMINS）中添加。",
  refusedChatTitle: "这个会话没有开通机器人",
  refusedChat: "机器人只在管理员允许的会话里回答命令。",
  refusedChatHint: "管理员可以把这个会话的 ID {chatId} 加到 app.yaml 的 access.chats 中。",
  refusedSummary: "没有权限使用这个命令",
  busyQueueTitle: "我有点忙",
  busyQueue: "现在排队的命令太多了，这一条没有处理。",
  busyRetry: "请稍后再发一次。",
  busyDelayed: "前面还有命令在处理，你的结果稍后会自动发到这里，不用重发。",
  busyRateTitle: "发得太快了",
  busyRate: "你一分钟内发了超过 {limit} 条命令。接下来 {seconds} 秒里的命令我会忽略。",
  busyShutdownTitle: "机器人正在重启",
  busyShutdown: "这一条命令没来得及处理。",
  toastRefused: "只有管理员可以使用 {command}",
  toastChat: "这个会话没有开通机器人",
  toastRate: "操作太频繁，请 {seconds} 秒后再试",
  toastExpired: "这张卡片已超过 14 天，无法再操作，请重新发送命令",
  toastForged: "这个按钮无法使用：卡片来自旧版本或内容被改动过，请重新发送命令",
  toastOtherChat: "这个按钮属于另一个会话的卡片，请在本会话重新发送命令",
  toastStale: "这个按钮已失效",
  toastLoading: "正在加载，请稍候…",
  toastSent: "已在下方发送",
} as const;

export type AccessKey = keyof typeof zh;

const en: Record<AccessKey, string> = {
  refusedTitle: "Not allowed",
  refusedAdmins: "Only the bot's administrators may run {command}.",
  refusedAdminsLabel: "Administrators:",
  refusedMoreAdmins: "and {count} more",
  refusedNoAdmins: "No administrators are set yet: whoever runs the bot adds them under bot.admins in app.yaml (or BOT_ADMINS).",
  refusedChatTitle: "The bot is not enabled in this chat",
  refusedChat: "The bot answers commands only in the chats its administrators allow.",
  refusedChatHint: "An administrator can add this chat's id {chatId} to access.chats in app.yaml.",
  refusedSummary: "Not allowed to run this command",
  busyQueueTitle: "I'm busy",
  busyQueue: "Too many commands are waiting; this one was not handled.",
  busyRetry: "Please send it again in a moment.",
  busyDelayed: "Other commands are ahead of yours; your answer will follow here by itself, no need to send it again.",
  busyRateTitle: "Slow down",
  busyRate: "You sent more than {limit} commands in a minute. I will ignore your commands for the next {seconds} seconds.",
  busyShutdownTitle: "The bot is restarting",
  busyShutdown: "This command could not be handled in time.",
  toastRefused: "Only administrators may use {command}",
  toastChat: "The bot is not enabled in this chat",
  toastRate: "Too many clicks; try again in {seconds} seconds",
  toastExpired: "This card is more than 14 days old and has expired; please send the command again",
  toastForged: "This button cannot be used: the card is from an older version or was altered; please send the command again",
  toastOtherChat: "This button belongs to a card of another chat; please send the command here again",
  toastStale: "This button no longer works",
  toastLoading: "Loading, one moment…",
  toastSent: "Sent below",
};

export const at = translator<AccessKey>({ zh, en });
