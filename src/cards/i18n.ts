/** Words on cards, in Chinese (the default) and English. Parameters are filled in as given: escape them first when they are user text. */
import type { Locale } from "../config/types.js";

const zh = {
  "help.title": "帮助",
  "help.summary": "我能听懂的命令",
  "help.intro": "在群里先 @我 再输入命令；私聊时直接输入即可。",
  "help.aliases": "（也可以用 {aliases}）",
  "help.unknown": "没看懂：{text}",
  "help.sandbox": "沙盒模式：模拟的飞书租户里有这些数据，可以直接试试：",
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
  "help.sandbox": "Sandbox mode: the emulated Feishu tenant holds these, try them:",
  "error.title": "Something went wrong",
  "error.retry": "Please try again in a little while.",
  "error.hint": "Hint: {hint}",
  "usage.title": "How to use {command}",
  "usage.label": "Usage:",
  "usage.examples": "For example:",
};

export type Params = Readonly<Record<string, string | number>>;

/** Replaces each `{name}` in `template` from `params`; unknown names stay as written. */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * A translator over one card's own tables: the string for `key` in `locale` (Chinese when the
 * locale is unknown), with `{name}` filled from `params`. Each card keeps its words in its own file.
 */
export function translator<K extends string>(tables: { zh: Readonly<Record<K, string>>; en: Readonly<Record<K, string>> }) {
  return (locale: Locale, key: K, params: Params = {}): string => fill((tables[locale] ?? tables.zh)[key] ?? tables.zh[key], params);
}

/** The shared words (help, errors, usage). */
export const t = translator<MessageKey>({ zh, en });
