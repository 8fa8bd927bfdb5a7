/**
 * The sandbox chat console: you type as a chat user, the emulator delivers the message to the bot as
 * Feishu would (signed, encrypted), and every card the bot sends or changes is printed as text,
 * numbered, with its buttons numbered under it and its pickers (a date, a room, a range) above its text. It talks to the emulator's control API over HTTP
 * only, as Feishu's own client would, so it sees nothing of the bot's internals.
 */
import { createInterface } from "node:readline";
import type { TextOptions } from "../cards/text.js";
import { DEFAULT_SENDER_OPEN_ID } from "./emulator/events/index.js";
import { SANDBOX_CHATS } from "./emulator/messaging/index.js";
import { newMessageId } from "./emulator/messaging/ids.js";
import { CardBook, type Button, type NumberedCard } from "./console/cards.js";
import { emulatorControl } from "./console/emulator.js";
import { Feed, type Seen } from "./console/feed.js";
import { optionFor } from "./console/pickers.js";
import { choosePerson, DEFAULT_PERSON, p2pChatOf, type Person } from "./console/who.js";

export interface ConsoleOptions {
  emulatorUrl: string;
  onExit: () => void;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** How long to wait for the bot's answer before saying it has not come yet (it is printed when it does). */
  replyTimeoutMs?: number;
  /** How often cards the bot sends on its own (digests, late updates) are looked for. */
  pollMs?: number;
  /** The bot's admins, to say whether the person `:as` chose is one. Default: the sandbox's default user. */
  admins?: readonly string[];
  /** ANSI bold and the like; default: when the output is a terminal. */
  ansi?: boolean;
}

export const HELP = [
  "Type a command as a chat user, e.g. /help. Every card the bot sends is printed as text, numbered [card N],",
  "with its buttons numbered under it; a card changed in place (a page turned, a working card answered) is",
  "printed again under its number, and a click's toast is printed as [toast].",
  "  :group | :p2p   talk in the sandbox group chat (messages @-mention the bot; the default) or in a direct chat",
  "  :as WHO         act as someone else: member (an ordinary member, not an admin), me (the sandbox's admin),",
  "                  a name from the tenant or an open_id (ou_…); :as alone says who you are",
  "  :click C.N      press button N of card C",
  "  :click N        press button N of the newest card in the chat you are in",
  "  :pick C.N VALUE  pick on picker N of card C (listed as `pick [C.N]` above the card's text): a day",
  "                  YYYY-MM-DD on a date picker, an option's label or value on a select (:pick 2.1 2026-11-30,",
  "                  :pick 3.1 30d); :pick N VALUE picks on the newest card in the chat you are in",
  "  :help           this list",
  "  :quit           stop the sandbox",
].join("\n");

const CHANGES = new Set(["patch", "card_update", "callback_card"]);

export function startConsole(options: ConsoleOptions): void {
  const output = options.output ?? process.stdout;
  const isTTY = Boolean((output as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: isTTY });
  const control = emulatorControl(options.emulatorUrl);
  const admins = options.admins ?? [DEFAULT_SENDER_OPEN_ID];
  const replyTimeoutMs = options.replyTimeoutMs ?? 15_000;
  const ansi = options.ansi ?? isTTY;
  const text: TextOptions = { emphasis: ansi ? "ansi" : "plain", charts: "sparkline" };

  let chatType: "group" | "p2p" = "group";
  let person: Person = DEFAULT_PERSON;
  const people = new Map<string, Person>();
  const typed = new Map<string, string>();
  const book = new CardBook();
  /** True while a typed line is handled: its own output then needs no fresh prompt. */
  let busy = false;

  const prompt = () => {
    rl.setPrompt(`${chatType}${person === DEFAULT_PERSON ? "" : ` as ${person.name}`}> `);
    rl.prompt();
  };
  const write = (line: string) => {
    output.write(`${line}\n`);
    if (!busy) rl.prompt(true);
  };
  const chatLabel = (chatId: string): string => {
    if (chatId === SANDBOX_CHATS.group) return "group";
    if (chatId === SANDBOX_CHATS.p2p) return "p2p";
    const owner = people.get(chatId);
    return owner ? `p2p with ${owner.name}` : chatId;
  };
  const currentChat = () => (chatType === "group" ? SANDBOX_CHATS.group : p2pChatOf(person));
  const feed = new Feed({ control, book, write, chatLabel, typed, text });

  const handle = async (line: string): Promise<"quit" | void> => {
    if (line === ":quit" || line === ":q") return "quit";
    if (line === "") return;
    if (line === ":help" || line === ":h" || line === ":?") return write(HELP);
    const chat = /^:(?:chat\s+)?(group|p2p)$/.exec(line);
    if (chat) {
      chatType = chat[1] === "group" ? "group" : "p2p";
      return write(`now chatting in ${chatType === "group" ? "the group chat" : `${person === DEFAULT_PERSON ? "your" : `${person.name}'s`} direct chat with the bot`}`);
    }
    const as = /^:as(?:\s+(.*))?$/.exec(line);
    if (as) return actAs(as[1]?.trim() ?? "");
    const click = /^:click\s+(?:(\d+)\.)?(\d+)$/.exec(line);
    if (click) return press(click[1] === undefined ? undefined : Number(click[1]), Number(click[2]));
    const pick = /^:pick\s+(?:(\d+)\.)?(\d+)\s+(.+)$/.exec(line);
    if (pick) return choose(pick[1] === undefined ? undefined : Number(pick[1]), Number(pick[2]), pick[3]!.trim());
    if (line.startsWith(":")) return write(`unknown console command ${line}; :help lists them`);
    return say(line);
  };

  const actAs = async (who: string): Promise<void> => {
    if (who !== "") {
      const chosen = choosePerson(who, await control.users(), admins);
      if (typeof chosen === "string") return write(chosen);
      person = chosen.openId === DEFAULT_SENDER_OPEN_ID ? DEFAULT_PERSON : chosen;
      people.set(p2pChatOf(person), person);
    }
    const role = admins.includes(person.openId) ? "an admin" : "not an admin: admin-only commands such as /report and /pushstats are refused";
    write(`you are ${person === DEFAULT_PERSON ? "the sandbox's default user" : person.name} (${person.openId}), ${role}`);
  };

  const say = async (line: string): Promise<void> => {
    const messageId = newMessageId();
    typed.set(messageId, line);
    const since = await feed.mark();
    const delivery = await control.sendMessage({ text: line, messageId, chatId: currentChat(), chatType, senderOpenId: person.openId });
    if (delivery.status !== 200) return write(`the bot answered the delivery with HTTP ${String(delivery.status)}`);
    const reply = await feed.until(since, (entry) => entry.parentId === messageId, replyTimeoutMs);
    if (!reply) write("(no reply from the bot yet: it is printed here when it comes)");
  };

  const press = async (cardNumber: number | undefined, buttonNumber: number): Promise<void> => {
    await feed.poll();
    const card = cardNumber === undefined ? book.newest(currentChat()) : book.card(cardNumber);
    if (!card) {
      return write(cardNumber === undefined ? `no card in ${chatLabel(currentChat())} yet: :click C.N presses a button of card C` : `there is no card ${cardNumber}`);
    }
    const button = card.buttons[buttonNumber - 1];
    if (!button) return write(`card ${card.number} has ${card.buttons.length === 0 ? "no buttons" : `buttons 1 to ${card.buttons.length}`}`);
    await clickButton(card, button);
  };

  const choose = async (cardNumber: number | undefined, pickerNumber: number, typedOption: string): Promise<void> => {
    await feed.poll();
    const card = cardNumber === undefined ? book.newest(currentChat()) : book.card(cardNumber);
    if (!card) {
      return write(cardNumber === undefined ? `no card in ${chatLabel(currentChat())} yet: :pick C.N VALUE picks on card C` : `there is no card ${cardNumber}`);
    }
    const picker = card.pickers[pickerNumber - 1];
    if (!picker) return write(`card ${card.number} has ${card.pickers.length === 0 ? "no pickers" : `pickers 1 to ${card.pickers.length}`}`);
    const chosen = optionFor(picker, typedOption, await control.timezone());
    if ("error" in chosen) return write(chosen.error);
    await clickButton(card, { label: typedOption, value: picker.value }, { number: pickerNumber, option: chosen.option });
  };

  /** A button pressed, or (`pick`) an option picked on picker `pick.number`: either calls back with the component's value. */
  const clickButton = async (card: NumberedCard, button: Button, pick?: { number: number; option: string }): Promise<void> => {
    const who = person === DEFAULT_PERSON ? "you" : person.name;
    write(
      pick
        ? `(${who} ${person === DEFAULT_PERSON ? "pick" : "picks"} ${button.label} on ${card.number}.${pick.number})`
        : `(${who} ${person === DEFAULT_PERSON ? "press" : "presses"} ${card.number}.${card.buttons.indexOf(button) + 1} ${button.label})`,
    );
    const since = await feed.mark();
    const result = await control.click({ messageId: card.messageId, value: button.value, operatorOpenId: person.openId, ...(pick ? { option: pick.option } : {}) });
    if (result.clientError) write(`[Feishu shows an error] ${result.clientError.msg} (${result.clientError.code})`);
    if (result.toast?.content) write(`[toast${result.toast.type ? ` · ${result.toast.type}` : ""}] ${result.toast.content}`);
    const onCard = (entry: Seen) => entry.messageId === card.messageId && CHANGES.has(entry.kind);
    if (result.answer?.card) {
      await feed.until(since, onCard, replyTimeoutMs);
    } else if (result.toast?.type === "info") {
      // "Loading" or "sent": the answer comes by token into the card, or as a reply in its thread.
      const answer = await feed.until(since, (entry) => onCard(entry) || entry.parentId === card.messageId, replyTimeoutMs);
      if (!answer) write("(the answer has not come yet: it is printed here when it does)");
    } else {
      await feed.poll();
    }
    if (!result.clientError && !result.toast && !result.answer?.card && result.status !== 200) {
      write(`the bot answered the click with HTTP ${String(result.status)}`);
    }
  };

  const lines: string[] = [];
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    busy = true;
    for (let line = lines.shift(); line !== undefined; line = lines.shift()) {
      try {
        if ((await handle(line.trim())) === "quit") {
          draining = false;
          rl.close();
          return;
        }
      } catch (error) {
        output.write(`! ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    busy = false;
    draining = false;
    prompt();
  };
  rl.on("line", (line) => {
    lines.push(line);
    void drain();
  });

  // Cards the bot sends on its own (digests) and late updates appear as they arrive.
  const watch = setInterval(() => void feed.poll().catch(() => undefined), options.pollMs ?? 1_000);
  watch.unref();

  rl.on("SIGINT", () => {
    output.write("\nstopping the sandbox\n");
    rl.close();
  });
  rl.on("close", () => {
    clearInterval(watch);
    options.onExit();
  });
  output.write(`\n${HELP}\n\n`);
  void feed.poll().catch(() => undefined);
  prompt();
}
