/**
 * Servers under test run in their own processes, so the load generator never shares their event
 * loop (or their CPU profile). The parent forks a host script and talks to it by IPC: the host
 * says `ready` with what it serves, then answers `{id, command, args}` requests.
 */
import { fork, type ChildProcess } from "node:child_process";
import { startProfile } from "./self-profile.js";

const READY_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_MS = 60_000;

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export interface Host<Ready> {
  ready: Ready;
  pid: number;
  request<T = unknown>(command: string, args?: unknown): Promise<T>;
  /** Messages the host pushes on its own (not answers), e.g. one per reply sent. */
  onEvent(listener: (event: Record<string, unknown>) => void): void;
  /** Asks the host to exit (so a CPU profile gets written) and waits for it. */
  stop(): Promise<void>;
}

export async function startHost<Ready>(script: URL, options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Host<Ready>> {
  const child: ChildProcess = fork(script, [], {
    execArgv: [...process.execArgv, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners: Array<(event: Record<string, unknown>) => void> = [];
  let nextId = 0;
  let announced = false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script.pathname} was not ready within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once("error", reject);
    void exited.then(() => {
      if (!announced) reject(new Error(`${script.pathname} exited (${child.exitCode}) before it was ready`));
    });
    child.on("message", (raw) => {
      const message = raw as Record<string, unknown>;
      if (message.type === "ready") {
        announced = true;
        clearTimeout(timer);
        resolve(message.ready as Ready);
        return;
      }
      if (message.type === "event") {
        for (const listener of listeners) listener(message.event as Record<string, unknown>);
        return;
      }
      const reply = message as unknown as Reply;
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
  });

  return {
    ready,
    pid: child.pid ?? 0,
    request: <T>(command: string, args?: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`host ${script.pathname}: no answer to ${command} within ${REQUEST_TIMEOUT_MS} ms`));
        }, REQUEST_TIMEOUT_MS);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, command, args });
      }),
    onEvent: (listener) => void listeners.push(listener),
    stop: async () => {
      if (child.exitCode === null) {
        child.send({ id: 0, command: "exit" });
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

type Handler = (args: unknown) => unknown;

/** The host side: announce `ready`, then serve requests until told to exit. */
export function serveHost(ready: unknown, own: Record<string, Handler>, onExit?: () => Promise<void>): void {
  let stopProfile: ((name: string) => Promise<void>) | undefined;
  const handlers: Record<string, Handler> = {
    ...own,
    // Every host can profile the part of a run the parent cares about.
    startProfile: async () => {
      stopProfile = await startProfile();
    },
    stopProfile: async (args) => {
      await stopProfile?.((args as { name: string }).name);
      stopProfile = undefined;
    },
  };
  process.on("message", (raw) => {
    const { id, command, args } = raw as { id: number; command: string; args: unknown };
    if (command === "exit") {
      void Promise.resolve(onExit?.()).finally(() => process.exit(0));
      return;
    }
    const handler = handlers[command];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown host command ${command}`);
        return handler(args);
      })
      .then(
        (value) => process.send?.({ id, ok: true, value }),
        (error: unknown) => process.send?.({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  // Losing the parent (a crashed run) must not leave servers behind.
  process.on("disconnect", () => process.exit(0));
  process.send?.({ type: "ready", ready });
}

/** A message from the host the parent did not ask for. */
export function emitEvent(event: Record<string, unknown>): void {
  process.send?.({ type: "event", event });
}
