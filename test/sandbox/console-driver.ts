/** The sandbox console driven through its own input and output streams, as a person at a terminal would. */
import { PassThrough } from "node:stream";
import { startConsole, type ConsoleOptions } from "../../src/sandbox/console.js";
import { sleep } from "../helpers/sandbox.js";

export interface ConsoleDriver {
  /** Types one line, as if Enter were pressed. */
  type(line: string): void;
  /** Everything printed so far. */
  output(): string;
  /** Where the output ends now: later waits read from here. */
  mark(): number;
  /** Waits until the output from `from` matches, and returns that part of it. */
  waitFor(pattern: RegExp | string, from?: number, timeoutMs?: number): Promise<string>;
  close(): void;
}

export function driveConsole(emulatorUrl: string, options: Partial<ConsoleOptions> & { isTTY?: boolean } = {}): ConsoleDriver {
  const input = new PassThrough();
  const output = new PassThrough();
  if (options.isTTY) Object.assign(output, { isTTY: true });
  let text = "";
  output.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  startConsole({ emulatorUrl, onExit: () => undefined, input, output, replyTimeoutMs: 10_000, pollMs: 100, ...options });
  return {
    type: (line) => void input.write(`${line}\n`),
    output: () => text,
    mark: () => text.length,
    async waitFor(pattern, from = 0, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const part = text.slice(from);
        if (typeof pattern === "string" ? part.includes(pattern) : pattern.test(part)) return part;
        if (Date.now() > deadline) throw new Error(`the console never printed ${String(pattern)}; it printed:\n${part}`);
        await sleep(25);
      }
    },
    close: () => void input.end(),
  };
}

/** The button numbers listed under card `card` in `printed` (the last listing wins), by label. */
export function buttonNumber(printed: string, card: number, label: string): string {
  const listings = [...printed.matchAll(new RegExp(`^  buttons: (.*)$`, "gm"))].map((m) => m[1] ?? "");
  for (const listing of listings.reverse()) {
    const found = new RegExp(`\\[(${card}\\.\\d+)\\] ${label}(?:  |$)`).exec(listing);
    if (found) return found[1]!;
  }
  throw new Error(`no button ${label} on card ${card} in:\n${printed}`);
}
