/** Words of the /whoami card, in Chinese (the default) and English. */
import { translator } from "../i18n.js";

const zh = {
  title: "我是谁",
  summary: "本会话的 ID 和你的 open_id",
  chat: "本会话（{type}）的 ID：**{chatId}**",
  group: "群聊",
  p2p: "单聊",
  you: "你的 open_id：**{openId}**",
  admin: "你是机器人的管理员。",
  notAdmin: "你不是机器人的管理员。",
  digest: "要把摘要发到这个会话，在 app.yaml 中加入（名字、时间和内容可以按需修改）：",
  makeAdmin: "要把你设为管理员，在 app.yaml 的 bot.admins 中加入你的 open_id（已有管理员时加在列表里）：",
  env: "或者设置环境变量（逗号分隔，会替换 app.yaml 中的整个列表，请把已有的管理员也写上）：",
  restart: "改好后重启机器人生效。",
} as const;

export type WhoamiKey = keyof typeof zh;

const en: Record<WhoamiKey, string> = {
  title: "Who am I",
  summary: "This chat's id and your open_id",
  chat: "This chat ({type}): **{chatId}**",
  group: "group",
  p2p: "direct chat",
  you: "Your open_id: **{openId}**",
  admin: "You are an administrator of the bot.",
  notAdmin: "You are not an administrator of the bot.",
  digest: "To post a digest into this chat, add to app.yaml (change the name, time and sections as you like):",
  makeAdmin: "To make you an administrator, add your open_id to bot.admins in app.yaml (into the list, when there are admins already):",
  env: "Or set the environment variable (comma-separated; it replaces the whole list in app.yaml, so include the admins already there):",
  restart: "Restart the bot for the change to take effect.",
};

export const wt = translator<WhoamiKey>({ zh, en });
