/**
 * A stand-in bot for the events tests: records each push exactly as it arrived (headers and raw
 * body) and answers with whatever the test says, optionally late.
 */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface BotAnswer {
  status?: number;
  body?: string;
  delayMs?: number;
}

export interface BotServer {
  url: string;
  received: Received[];
  answer: (received: Received) => BotAnswer;
  close(): Promise<void>;
}

export async function startBotServer(): Promise<BotServer> {
  const app = express();
  const bot: BotServer = {
    url: "",
    received: [],
    answer: () => ({ status: 200, body: "{}" }),
    close: () => Promise.resolve(),
  };
  app.use(express.raw({ type: "*/*", limit: "2mb" }));
  app.post(/.*/, async (req, res) => {
    const received: Received = { path: req.path, headers: req.headers, rawBody: (req.body as Buffer).toString("utf8") };
    bot.received.push(received);
    const { status = 200, body = "{}", delayMs = 0 } = bot.answer(received);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.status(status).type("application/json").send(body);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  bot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bot.close = () =>
    new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return bot;
}
