/**
 * Two `npm start`s in one folder, each a sandbox (no FEISHU_APP_ID) on its own port: each keeps its
 * state to itself. Before, both opened ./data/bot.db: the second's digests were "given up" as posted
 * by the first, and a message id the first had seen was dropped by the second as a redelivery.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { freePort } from "../helpers/ports.js";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempDirs } from "../store/fixtures/temp.js";
import { waitFor } from "../helpers/sandbox.js";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = pathToFileURL(fileURLToPath(new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url))).href;

const dirs = tempDirs();
const children: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
  await dirs.cleanup();
});

interface Sandbox {
  emulatorUrl: string;
  output: () => string;
}

/** `npm start` in `cwd` with no Feishu app: sandbox mode, no terminal, on its own port. */
async function startSandboxProcess(cwd: string): Promise<Sandbox> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "", PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const emulatorUrl = await waitFor(
    () => /^ {2}emulator +(http:\/\/\S+)/m.exec(output)?.[1] ?? (child.exitCode !== null ? "exited" : undefined),
    30_000,
    "the sandbox's banner",
  );
  if (emulatorUrl === "exited") throw new Error(`the sandbox exited: ${output}`);
  return { emulatorUrl, output: () => output };
}

/** Delivers `text` as message `messageId` through the sandbox's emulator; resolves with the replies to it. */
async function repliesTo(sandbox: Sandbox, text: string, messageId: string): Promise<unknown[]> {
  const delivered = await fetch(`${sandbox.emulatorUrl}/_emulator/events/message`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text, chatType: "p2p", messageId }),
  });
  expect(delivered.status).toBe(200);
  const replies = async () => ((await (await fetch(`${sandbox.emulatorUrl}/_emulator/sent`)).json()) as { parentId?: string }[]).filter((s) => s.parentId === messageId);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const found = await replies();
    if (found.length > 0) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

describe("two sandboxes in one folder", () => {
  it("share no state: each answers a message the other has seen, and no store file is left in the folder", async () => {
    const folder = await dirs.make();
    const first = await startSandboxProcess(folder);
    const second = await startSandboxProcess(folder);
    expect(first.emulatorUrl).not.toBe(second.emulatorUrl);

    // The same message id reaches both (a message id is all dedupe and the inbox key on).
    expect(await repliesTo(first, "/help", "om_seen_by_both")).toHaveLength(1);
    expect(await repliesTo(second, "/help", "om_seen_by_both")).toHaveLength(1);

    // Sandbox state is in each process's memory, and the banner says so.
    for (const sandbox of [first, second]) expect(sandbox.output()).toMatch(/^ {2}state +in this process's memory/m);
    expect(existsSync(`${folder}/data`), `left in the folder: ${readdirSync(folder).join(", ")}`).toBe(false);
  }, 90_000);
});
