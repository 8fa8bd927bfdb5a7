/** Words on cards, in Chinese (the default) and English. Parameters are filled in as given: escape them first when they are user text. */
import type { Locale } from "../config/types.js";

const zh = {
  "help.title": "帮助",
  "help.summary": "我能听懂的命令",
  "help.intro": "在群里先 @我 再输入命令；私聊时直接输入即可。",
  "help.aliases": "（也可以用 {aliases}）",
  "help.unknown": "没看懂：{text}",
  "error.title": "出错了",
  "error.retry": "请稍后再试。",
  "error.hint": "提示：{hint}",
  "usage.title": "{command} 的用法",
  "usage.label": "用法：",
  "usage.examples": "例如：",
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  "help.title": "Help",
  "help.summary": "Commands I understand",
  "help.intro": "In a group, @mention me and then type a command; in a direct chat just type it.",
  "help.aliases": "(also {aliases})",
  "help.unknown": "I did not understand: {text}",
  "error.title": "Something went wrong",
  "error.retry": "Please try again in a little while.",
  "error.hint": "Hint: {hint}",
  "usage.title": "How to use {command}",
  "usage.label": "Usage:",
  "usage.examples": "For example:",
};

const MESSAGES: Readonly<Record<Locale, Record<MessageKey, string>>> = { zh, en };

/** The string for `key` in `locale` (Chinese when the locale is unknown), with `{name}` replaced from `params`. */
export function t(locale: Locale, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const table = MESSAGES[locale] ?? MESSAGES.zh;
  const template = table[key] ?? zh[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
