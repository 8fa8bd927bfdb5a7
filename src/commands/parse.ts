/** Message content → command text → command name and arguments. Never throws on user input. */
import type { IncomingMessage, Mention } from "../ingress/types.js";
import type { CommandName } from "./actions.js";
import type { AnyCommand } from "./define.js";
import { commandWords } from "./registry.js";
import { editDistance, typoAllowance } from "./suggest.js";

export type ParsedCommand =
  | { name: CommandName; args: string[]; raw: string }
  /** `word`: the first word, lower case and without its slash, when it was typed as a command (`/reprot`). */
  | { name: undefined; raw: string; word?: string };

export interface BotIdentity {
  openId?: string;
  name?: string;
}

/** Word → command name, from the definitions' word tables; glueable words are the non-ASCII ones, longest first. */
let words: { byWord: ReadonlyMap<string, CommandName>; glueable: readonly string[] } | undefined;
function wordTable(): NonNullable<typeof words> {
  if (words) return words;
  const byWord = new Map([...commandWords()].map(([word, command]) => [word, command.name] as const));
  // "/会议室今天" must find 会议室 before 会议. A one-character word (我) would swallow ordinary
  // sentences ("/我们…"): it is a command only on its own.
  const glueable = [...byWord.keys()].filter((word) => /[^\x20-\x7e]/.test(word) && [...word].length > 1).sort((a, b) => b.length - a.length);
  return (words = { byWord, glueable });
}

/** Zero-width characters that clients and copy-paste leave behind; NFKC keeps them. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/g;

/**
 * The text a person typed, with the bot's own @-mention removed and other people's mentions shown as
 * `@name`. Undefined for message types that cannot carry a command and for content that is not the
 * JSON Feishu documents.
 */
export function extractCommandText(
  msg: Pick<IncomingMessage, "messageType" | "content" | "mentions">,
  bot: BotIdentity,
): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(msg.content);
  } catch {
    return undefined;
  }
  const mentions = Array.isArray(msg.mentions) ? msg.mentions : [];
  if (msg.messageType === "text") {
    if (!isRecord(parsed) || typeof parsed.text !== "string") return undefined;
    return replacePlaceholders(parsed.text, mentions, bot).trim();
  }
  if (msg.messageType === "post") {
    const body = postBody(parsed);
    if (body === undefined) return undefined;
    return postText(body, mentions, bot).trim();
  }
  return undefined;
}

/**
 * Reads a command from text. Tolerates full-width characters and spaces (NFKC), extra whitespace, the
 * case of the command word and the Chinese aliases. The leading slash may be left out when the first
 * word is exactly a command word: the bot only hears messages addressed to it (an @-mention in groups,
 * anything in a direct chat), and a wrong guess costs a help or usage card, while demanding the slash
 * fails people typing "@bot 帮助" on a phone.
 */
export function parseCommand(text: string): ParsedCommand {
  const raw = typeof text === "string" ? text.trim() : "";
  const normalized = raw.normalize("NFKC").replace(INVISIBLE, "").trim();
  const words = normalized.split(/\s+/u).filter((word) => word !== "");
  const first = words[0];
  if (first === undefined) return { name: undefined, raw };

  const slashed = first.startsWith("/");
  const word = (slashed ? first.slice(1) : first).toLowerCase();
  const { byWord, glueable } = wordTable();
  const exact = byWord.get(word);
  if (exact !== undefined) return { name: exact, args: words.slice(1), raw };

  if (slashed) {
    // "/会议室今天": Chinese is typed without spaces, so a Chinese command word may run into its argument.
    const glued = glueable.find((candidate) => word.startsWith(candidate));
    const name = glued === undefined ? undefined : byWord.get(glued);
    if (glued !== undefined && name !== undefined) {
      return { name, args: [word.slice(glued.length), ...words.slice(1)], raw };
    }
    if (word !== "") return { name: undefined, raw, word };
  }
  return { name: undefined, raw };
}

interface PostBody {
  content: unknown[];
}

/** A received post is `{title, content}`; the sending form wraps that in a locale key (`{"zh_cn": {...}}`). */
function postBody(parsed: unknown): PostBody | undefined {
  if (!isRecord(parsed)) return undefined;
  if (Array.isArray(parsed.content)) return { content: parsed.content };
  for (const value of Object.values(parsed)) {
    if (isRecord(value) && Array.isArray(value.content)) return { content: value.content };
  }
  return undefined;
}

function postText(body: PostBody, mentions: Mention[], bot: BotIdentity): string {
  const lines: string[] = [];
  for (const line of body.content) {
    if (!Array.isArray(line)) continue;
    let text = "";
    for (const node of line) {
      if (!isRecord(node)) continue;
      if ((node.tag === "text" || node.tag === "a") && typeof node.text === "string") {
        text += replacePlaceholders(node.text, mentions, bot);
      } else if (node.tag === "at") {
        text += postMention(node, mentions, bot);
      }
    }
    lines.push(text);
  }
  return lines.join("\n");
}

/** `user_id` is the `@_user_N` placeholder on received posts, an open_id on the sending form. */
function postMention(node: Record<string, unknown>, mentions: Mention[], bot: BotIdentity): string {
  const userId = typeof node.user_id === "string" ? node.user_id : "";
  const userName = typeof node.user_name === "string" ? node.user_name : "";
  const mention = mentions.find((m) => m.key === userId || (m.openId !== undefined && m.openId === userId));
  const who = mention ?? { openId: userId.startsWith("ou_") ? userId : undefined, name: userName };
  if (isBot(who, bot)) return "";
  const name = who.name || userName || userId;
  // Post nodes sit side by side with no spaces of their own: keep "@name" a separate word.
  return name === "" ? "" : ` @${name} `;
}

function replacePlaceholders(text: string, mentions: Mention[], bot: BotIdentity): string {
  const keys = mentions
    .map((m) => m.key)
    .filter((key) => typeof key === "string" && key !== "")
    .sort((a, b) => b.length - a.length);
  if (keys.length === 0) return text;
  // One pass, longest key first, so "@_user_1" never eats the start of "@_user_12".
  const pattern = new RegExp(keys.map(escapeRegExp).join("|"), "g");
  return text.replace(pattern, (key) => {
    const mention = mentions.find((m) => m.key === key);
    if (mention === undefined || isBot(mention, bot)) return "";
    return `@${mention.name || key}`;
  });
}

/** By open_id when both sides know it; by display name otherwise (the bot may not know its own open_id). */
function isBot(who: { openId?: string | undefined; name?: string | undefined }, bot: BotIdentity): boolean {
  if (bot.openId && who.openId) return who.openId === bot.openId;
  return Boolean(bot.name) && who.name === bot.name;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The command a mistyped command word (`/reprot`, `/room`, `/meetings`, `/会意`) most likely meant,
 * among `commands` (those the asker may run), with the word it is closest to; undefined when none is
 * within a typo's reach. A Chinese word may run into its argument (`/会义室今天`): it is also
 * compared by its first characters.
 */
export function suggestCommand<C extends Pick<AnyCommand, "name" | "words">>(word: string, commands: readonly C[]): { command: C; word: string } | undefined {
  const typed = [...word.toLowerCase()];
  let best: { command: C; word: string; distance: number } | undefined;
  for (const command of commands) {
    for (const candidate of [...command.words.en, ...command.words.zh].map((w) => w.toLowerCase())) {
      const length = [...candidate].length;
      // One edit turns any short word into a one-character one (我): such a word suggests nothing.
      if (length < 2) continue;
      let distance = editDistance(typed.join(""), candidate);
      if (/[^\x20-\x7e]/.test(candidate) && typed.length > length) distance = Math.min(distance, editDistance(typed.slice(0, length).join(""), candidate));
      if (distance > typoAllowance(length)) continue;
      // On a tie the longer word: `/会义室今天` is nearer 会议室 than 会议.
      if (best === undefined || distance < best.distance || (distance === best.distance && length > [...best.word].length)) {
        best = { command, word: candidate, distance };
      }
    }
  }
  return best && { command: best.command, word: best.word };
}
