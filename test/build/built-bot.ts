/**
 * The production artefact: `npm run build` once, then `node dist/main.js` as its own process (no tsx
 * anywhere), against an emulator in the test's process. Each way Feishu reaches the bot is one
 * `Connection`: how the child is configured for it and how the emulator is pointed at it once it
 * listens, so the long connection becomes one more entry beside the webhook.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Emulator } from "../../src/sandbox/emulator/index.js";
import { freePort } from "../helpers/ports.js";
import { waitFor } from "../helpers/sandbox.js";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const BUILT_MAIN = join(REPO, "dist", "main.js");

/** `npm run build`, as an operator runs it: a clean dist/ compiled from src/. */
export async function buildOnce(): Promise<void> {
  await promisify(execFile)("npm", ["run", "build"], { cwd: REPO, timeout: 120_000 });
}

export interface Connection {
  name: string;
  /** Environment the child needs for this connection, beyond the app's credentials. */
  env(): Record<string, string>;
  /** Called once the child listens on `port`. */
  attach(emulator: Emulator, port: number, env: Record<string, string>): void;
  /** What the child says when Feishu refuses the app's credentials. */
  refusal: RegExp;
  /** What its banner says to register in the developer console. */
  register: string;
}

export const WEBHOOK: Connection = {
  name: "webhook",
  env: () => ({
    FEISHU_CONNECTION: "webhook",
    FEISHU_ENCRYPT_KEY: randomBytes(16).toString("hex"),
    FEISHU_VERIFICATION_TOKEN: randomBytes(16).toString("hex"),
  }),
  attach: (emulator, port, env) => {
    emulator.setSubscription({ events: "webhook", callbacks: "webhook" });
    emulator.setWebhook({
      eventUrl: `http://127.0.0.1:${port}/webhook/event`,
      cardUrl: `http://127.0.0.1:${port}/webhook/card`,
      encryptKey: env.FEISHU_ENCRYPT_KEY!,
      verificationToken: env.FEISHU_VERIFICATION_TOKEN!,
    });
  },
  // The self-check's banner: the token endpoint refused them.
  register: "/webhook/card",
  refusal: /REFUSED \(code 10014[\s\S]*check FEISHU_APP_ID and FEISHU_APP_SECRET/,
};

/** Feishu's long connection: no key, no URL; the bot is connected by the time it says it listens. */
export const WEBSOCKET: Connection = {
  name: "websocket",
  env: () => ({ FEISHU_CONNECTION: "websocket" }),
  attach: (emulator) => emulator.setSubscription({ events: "long_connection", callbacks: "long_connection" }),
  // The long connection's endpoint refused them before anything listened.
  register: "long connection: nothing to register",
  // Two lines, one on stdout and one on stderr: in either order.
  refusal: /^(?=[\s\S]*long connection failed for good[^\n]*check FEISHU_APP_ID, FEISHU_APP_SECRET)(?=[\s\S]*failed to start: long connection failed)/,
};

export interface BuiltBot {
  process: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `node dist/main.js` in live mode against `emulator`, with its state in `dir` (its own SQLite file,
 * or `database` in it, shared with other bots); resolves once it listens (or has exited).
 */
export async function startBuiltBot(
  emulator: Emulator,
  connection: Connection,
  dir: string,
  extraEnv: Record<string, string> = {},
  database?: string,
): Promise<BuiltBot> {
  const port = await freePort();
  const configPath = join(dir, `app-${port}.yaml`);
  writeFileSync(configPath, `server:\n  host: 127.0.0.1\nstore:\n  url: sqlite:${join(dir, database ?? `bot-${port}.db`)}\n`);
  const env = connection.env();
  const child = spawn(process.execPath, [BUILT_MAIN], {
    // Not the repository: the built code must find what it reads (card templates) from where it is.
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      FEISHU_APP_ID: emulator.appId,
      FEISHU_APP_SECRET: emulator.appSecret,
      FEISHU_DOMAIN: emulator.url,
      PORT: String(port),
      BOT_CONFIG: configPath,
      LOG_LEVEL: "info",
      ...env,
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  await waitFor(
    () => (output.includes('"listening"') ? true : child.exitCode !== null ? true : undefined),
    15_000,
    `the built bot to listen (output so far: ${output})`,
  );
  if (child.exitCode !== null) return { process: child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
  connection.attach(emulator, port, env);
  return { process: child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}
