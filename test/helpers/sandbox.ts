import { loadConfig } from "../../src/config/index.js";
import type { Config } from "../../src/config/types.js";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/start.js";
import type { EmulatorOptions } from "../../src/sandbox/emulator/index.js";
import { silentLogger } from "../../src/log/logger.js";
import type { StartOptions } from "../../src/app/start.js";

/**
 * The bot and the emulator wired together on ephemeral ports, as `npm start` does in sandbox mode.
 * One difference: the "working on it" card (a command running over 0.7 s in production) waits 60 s
 * unless the test sets `bot.workingNoticeAfterMs`, so tests that read a slow command's first reply
 * as its answer keep doing so; test/app/working.e2e.test.ts runs with the production default.
 */
export async function startTestSandbox(
  overrides: {
    emulator?: EmulatorOptions;
    config?: (c: Config) => Config;
    bot?: Omit<StartOptions, "now">;
    /** How Feishu's pushes reach the bot (default: app.yaml's, webhook). With "websocket", a dropped socket is reconnected at once. */
    connection?: Config["feishu"]["connection"];
  } = {},
): Promise<RunningSandbox> {
  const loaded = loadConfig({ env: {}, path: new URL("../../app.yaml", import.meta.url).pathname });
  const { connection } = overrides;
  const base: Config = {
    ...loaded,
    server: { ...loaded.server, port: 0, host: "127.0.0.1" },
    ...(connection ? { feishu: { ...loaded.feishu, connection } } : {}),
  };
  const emulator: EmulatorOptions =
    connection === "websocket"
      ? {
          ...overrides.emulator,
          longConnection: {
            ...overrides.emulator?.longConnection,
            clientConfig: { ReconnectInterval: 1, ReconnectNonce: 0, ...overrides.emulator?.longConnection?.clientConfig },
          },
        }
      : (overrides.emulator ?? {});
  return startSandbox(overrides.config ? overrides.config(base) : base, silentLogger(), emulator, { workingNoticeAfterMs: 60_000, ...overrides.bot });
}

/** Polls until `check` returns (or resolves to) a value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A clock that starts at `startIso` and then runs at real speed. Shared by the emulator and the bot
 * (through `startSandbox`'s emulator `now`), it keeps a run clear of local midnight — so the tenant's
 * "today" and the bot's agree whatever the wall time — while rate windows and token TTLs still move.
 */
export function anchoredClock(startIso = "2024-06-12T15:00:00+08:00"): () => number {
  const start = Date.parse(startIso);
  if (Number.isNaN(start)) throw new Error(`not a date: ${startIso}`);
  const realStart = Date.now();
  return () => start + (Date.now() - realStart);
}
