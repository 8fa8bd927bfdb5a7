import { createInterface } from "node:readline";
import { cardToText } from "../cards/text.js";

/**
 * The sandbox chat console: you type as a chat user, the emulator delivers the message to the bot as
 * Feishu would (signed, encrypted), and the bot's reply card is printed as text. It talks to the
 * emulator's control API over HTTP only, like any other Feishu client would see the bot.
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
  parentId?: string;
  card?: unknown;
  content: string;
}

const HELP = [
  "Type a command as a chat user, e.g. /help. The bot's reply card is shown as text.",
  "  :group   talk in the sandbox group chat (messages @-mention the bot; the default)",
  "  :p2p     talk in a direct chat with the bot",
  "  :quit    stop the sandbox",
].join("\n");

export function startConsole(options: ConsoleOptions): void {
  const output = options.output ?? process.stdout;
  const rl = createInterface({ input: options.input ?? process.stdin, output, terminal: true });
  let chatType: "group" | "p2p" = "group";
  const write = (text: string) => output.write(`${text}\n`);

  write(`\n${HELP}\n`);
  const prompt = () => {
    rl.setPrompt(`${chatType === "group" ? "group" : "p2p"}> `);
    rl.prompt();
  };

  rl.on("line", (line) => {
    const text = line.trim();
    if (text === ":quit" || text === ":q") return rl.close();
    if (text.startsWith(":") && text !== ":group" && text !== ":p2p") {
      write(`unknown console command ${text}; try :group, :p2p or :quit`);
      return prompt();
    }
    if (text === ":group" || text === ":p2p") {
      chatType = text === ":group" ? "group" : "p2p";
      write(`now chatting in the ${chatType === "group" ? "group chat" : "direct chat"}`);
      return prompt();
    }
    if (text === "") return prompt();
    rl.pause();
    void sendAndShow(options, text, chatType)
      .then(write, (error: unknown) => write(`! ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        rl.resume();
        prompt();
      });
  });
  rl.on("SIGINT", () => {
    write("\nstopping the sandbox");
    rl.close();
  });
  rl.on("close", options.onExit);
  prompt();
}

/** Delivers one chat message through the emulator and waits for the bot's reply to it. */
export async function sendAndShow(
  options: Pick<ConsoleOptions, "emulatorUrl" | "replyTimeoutMs">,
  text: string,
  chatType: "group" | "p2p",
): Promise<string> {
  const response = await fetch(`${options.emulatorUrl}/_emulator/events/message`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, chatType, mentionBot: chatType === "group" }),
  });
  if (!response.ok) throw new Error(`the emulator could not deliver the message (HTTP ${response.status})`);
  const { messageId, status } = (await response.json()) as { messageId: string; status: number };
  if (status !== 200) return `the bot answered the delivery with HTTP ${status}`;

  const deadline = Date.now() + (options.replyTimeoutMs ?? 15_000);
  while (Date.now() < deadline) {
    const sent = (await (await fetch(`${options.emulatorUrl}/_emulator/sent`)).json()) as SentEntry[];
    const reply = sent.find((entry) => entry.parentId === messageId);
    if (reply) return cardToText(reply.card ?? safeParse(reply.content));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return "(no reply from the bot yet)";
}

function safeParse(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return { text: content };
  }
}
