/**
 * The web console: the sandbox's chat in a browser, at /console on the bot's port. It reaches the
 * bot only through the emulator's control API over HTTP, as the text console does, so every message
 * and click takes the path Feishu's would.
 */
import type { Router } from "express";
import { emulatorControl } from "../console/emulator.js";
import { ConsoleFeed } from "./feed.js";
import { consoleRoutes } from "./routes.js";
import { consoleSession, namesOf, type ConsoleSession } from "./session.js";

export interface WebConsole {
  router: Router;
  /** Ends the open event streams, so a stopping server is not held open by a page left open. */
  close(): void;
}

export interface WebConsoleOptions {
  emulatorUrl: string;
  admins: readonly string[];
  pollMs?: number;
}

export function createWebConsole(options: WebConsoleOptions): WebConsole {
  const control = emulatorControl(options.emulatorUrl);
  let session: Promise<ConsoleSession> | undefined;
  const readSession = () => {
    session ??= control.users().then((users) => consoleSession(users, options.admins));
    session.catch(() => (session = undefined));
    return session;
  };
  const feed = new ConsoleFeed({
    control,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    sources: async () => {
      const users = await control.users();
      return {
        names: namesOf(users, await readSession()),
        timeZone: await control.timezone(),
        file: (fileKey) => control.file?.(fileKey) ?? Promise.resolve(undefined),
      };
    },
  });
  return consoleRoutes({ control, feed, session: readSession });
}
