import { createInterface } from "node:readline";
import { cardToText } from "../cards/text.js";

/**
 * The sandbox chat console: you type as a chat user, the emulator delivers the message to the bot as
 * Feishu would (signed, encrypted), and the bot's reply card is printed as text. Buttons on the last
 * card can be clicked with `:click N`. It talks to the emulator's control API over HTTP only, as
 * Feishu's own client would, so it sees nothing of the bot's internals.
 */

interface ConsoleOptions {
  emulatorUrl: string;
  onExit: () => void;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** How long to wait for the bot's reply before saying so. */
  replyTimeoutMs?: number;
}

interface SentEntry {
  kind: string;
  messageId: string;
  chatId?: string;
  parentId?: string;
  card?: unknown;
  content: string;
}

/** The card currently shown: the message it lives in and its buttons, for `:click`. */
export interface ShownCard {
  messageId: string;
  text: string;
  buttons: { label: string; value: Record<string, unknown> }[];
}

const HELP = [
  "Type a command as a chat user, e.g. /help. The bot's reply card is shown as text.",
  "  :group     talk in the sandbox group chat (messages @-mention the bot; the default)",
  "  :p2p       talk in a direct chat with the bot",
  "  :click N   click button N of the last card (the numbers are listed under it)",
  "  :quit      stop the sandbox",
].join("\n");

export function startConsole(options: ConsoleOptions): void {
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: true });
  let chatType: "group" | "p2p" = "group";
  let shown: ShownCard | undefined;
  const write = (text: string) => output.write(`${text}\n`);
  const show = (card: ShownCard | string) => {
    if (typeof card === "string") return write(card);
    shown = card;
    write(card.text);
    if (card.buttons.length > 0) write(`(:click ${card.buttons.map((b, i) => `${i + 1} ${b.label}`).join(" · ")})`);
  };

  write(`\n${HELP}\n`);
  const prompt = () => {
    rl.setPrompt(`${chatType}> `);
    rl.prompt();
  };
  const run = (work: Promise<ShownCard | string>) => {
    rl.pause();
    void work
      .then(show, (error: unknown) => write(`! ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        rl.resume();
        prompt();
      });
  };

  rl.on("line", (line) => {
    const text = line.trim();
    if (text === ":quit" || text === ":q") return rl.close();
    if (text === ":group" || text === ":p2p") {
      chatType = text === ":group" ? "group" : "p2p";
      write(`now chatting in the ${chatType === "group" ? "group chat" : "direct chat"}`);
      return prompt();
    }
    const click = /^:click\s+(\d+)$/.exec(text);
    if (click) {
      const button = shown?.buttons[Number(click[1]) - 1];
      if (!shown || !button) {
        write("no such button on the last card");
        return prompt();
      }
      return run(clickAndShow(options, shown.messageId, button.value));
    }
    if (text.startsWith(":")) {
      write(`unknown console command ${text}; try :group, :p2p, :click N or :quit`);
      return prompt();
    }
    if (text === "") return prompt();
    run(sendAndShow(options, text, chatType));
  });
  // Messages the bot posts on its own (digests) appear as they arrive, with their buttons clickable.
  const seen = new Set<string>();
  let primed = false;
  const watch = setInterval(() => {
    void sentEntries(options.emulatorUrl)
      .then((entries) => {
        for (const entry of entries) {
          if (entry.kind !== "create" || seen.has(entry.messageId)) continue;
          seen.add(entry.messageId);
          if (!primed) continue;
          write(`\n[posted by the bot → ${entry.chatId ?? "chat"}]`);
          show(shownCard(entry.messageId, entry.card ?? safeParse(entry.content)));
          rl.prompt(true);
        }
        primed = true;
      })
      .catch(() => undefined);
  }, 1_500);
  watch.unref();

  rl.on("SIGINT", () => {
    write("\nstopping the sandbox");
    rl.close();
  });
  rl.on("close", () => {
    clearInterval(watch);
    options.onExit();
  });
  prompt();
}

async function postJson(url: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`the emulator refused ${new URL(url).pathname} (HTTP ${response.status})`);
  return (await response.json()) as Record<string, unknown>;
}

async function sentEntries(emulatorUrl: string): Promise<SentEntry[]> {
  return (await (await fetch(`${emulatorUrl}/_emulator/sent`)).json()) as SentEntry[];
}

/** Polls what the bot sent until `find` matches, or gives up. */
async function waitForSent(
  options: Pick<ConsoleOptions, "emulatorUrl" | "replyTimeoutMs">,
  find: (entries: SentEntry[]) => SentEntry | undefined,
): Promise<SentEntry | undefined> {
  const deadline = Date.now() + (options.replyTimeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    const entry = find(await sentEntries(options.emulatorUrl));
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

/** Delivers one chat message through the emulator and waits for the bot's reply to it. */
export async function sendAndShow(
  options: Pick<ConsoleOptions, "emulatorUrl" | "replyTimeoutMs">,
  text: string,
  chatType: "group" | "p2p",
): Promise<ShownCard | string> {
  const delivery = await postJson(`${options.emulatorUrl}/_emulator/events/message`, {
    text,
    chatType,
    mentionBot: chatType === "group",
  });
  if (delivery.status !== 200) return `the bot answered the delivery with HTTP ${String(delivery.status)}`;
  const reply = await waitForSent(options, (sent) => sent.find((entry) => entry.parentId === delivery.messageId));
  return reply ? shownCard(reply.messageId, reply.card ?? safeParse(reply.content)) : "(no reply from the bot yet)";
}

/** Clicks a button as a chat user would; shows the card the bot answered with, or its later update. */
export async function clickAndShow(
  options: Pick<ConsoleOptions, "emulatorUrl" | "replyTimeoutMs">,
  messageId: string,
  value: Record<string, unknown>,
): Promise<ShownCard | string> {
  const before = (await sentEntries(options.emulatorUrl)).length;
  const result = await postJson(`${options.emulatorUrl}/_emulator/events/card_action`, { value, openMessageId: messageId });
  const answer = result.answer as { card?: { data?: unknown }; toast?: { content?: string } } | undefined;
  if (answer?.card?.data) return shownCard(messageId, answer.card.data);
  if (answer?.toast?.content) {
    const update = await waitForSent(options, (sent) =>
      sent.slice(before).find((entry) => entry.messageId === messageId && entry.kind !== "callback_card"),
    );
    return update ? shownCard(messageId, update.card ?? safeParse(update.content)) : `(toast) ${answer.toast.content}`;
  }
  return `the bot answered the click with HTTP ${String(result.status)}`;
}

function shownCard(messageId: string, card: unknown): ShownCard {
  return { messageId, text: cardToText(card), buttons: callbackButtons(card) };
}

/** Every button whose click calls back to the bot, in the order a reader sees them. */
export function callbackButtons(card: unknown): ShownCard["buttons"] {
  const found: ShownCard["buttons"] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.tag === "button" && Array.isArray(record.behaviors)) {
      const callback = record.behaviors.find(
        (b): b is { type: string; value: Record<string, unknown> } =>
          typeof b === "object" && b !== null && (b as { type?: unknown }).type === "callback",
      );
      const label = (record.text as { content?: unknown } | undefined)?.content;
      if (callback && typeof callback.value === "object") found.push({ label: String(label ?? "…"), value: callback.value });
    }
    Object.values(record).forEach(visit);
  };
  visit(card);
  return found;
}

function safeParse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return { text: content };
  }
}
