/**
 * The work queue after the webhook's answer: bounded, with a global concurrency limit. Tasks under
 * one key (a chat) run one at a time in the order they came, so a chat's answers keep the order of
 * its messages; different keys run side by side, taking turns, up to the limit.
 */

export interface QueueTask {
  run(): Promise<void>;
  /**
   * Called when the shutdown deadline passes before the task finished: instead of `run` if it
   * never started, alongside it if it is still running (the process is about to exit).
   */
  cancel?(): Promise<void>;
}

export type PushResult =
  | { accepted: true; done: Promise<void> }
  | { accepted: false; reason: "full" | "closed" };

export interface QueueOptions {
  concurrency: number;
  /** Tasks that may wait (not yet started) before push refuses with "full". */
  maxPending: number;
  /** Tasks report their own failures; this hears about any that throw anyway. */
  onError?: (error: unknown, key: string) => void;
}

export interface DrainResult {
  /** True when every task finished before the deadline. */
  finished: boolean;
  /** Tasks that never started (their `cancel` was called instead). */
  cancelled: number;
  /** Tasks still running at the deadline (their `cancel` was called too). */
  abandoned: number;
}

interface Entry {
  task: QueueTask;
  settle: () => void;
}

export class ChatQueue {
  /** Waiting tasks per key, oldest first. */
  private readonly waiting = new Map<string, Entry[]>();
  /** Keys with waiting tasks and nothing running, in the order they get a turn. */
  private readonly ready: string[] = [];
  /** The task running for each busy key. */
  private readonly runningTasks = new Map<string, Entry>();
  private waitingCount = 0;
  private closed = false;
  private idle: Array<() => void> = [];

  constructor(private readonly options: QueueOptions) {}

  get pending(): number {
    return this.waitingCount;
  }

  get running(): number {
    return this.runningTasks.size;
  }

  /** Queues `task` under `key`; `done` settles when it has run (or was cancelled), never rejecting. */
  push(key: string, task: QueueTask): PushResult {
    if (this.closed) return { accepted: false, reason: "closed" };
    if (this.waitingCount >= this.options.maxPending) return { accepted: false, reason: "full" };
    let settle!: () => void;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const list = this.waiting.get(key);
    if (list) list.push({ task, settle });
    else {
      this.waiting.set(key, [{ task, settle }]);
      if (!this.runningTasks.has(key)) this.ready.push(key);
    }
    this.waitingCount += 1;
    this.pump();
    return { accepted: true, done };
  }

  /**
   * Lets queued work finish for at most `timeoutMs`, still accepting tasks meanwhile (a message
   * acknowledged while the server was closing must be answered). Past the deadline every task not
   * finished is cancelled (see QueueTask.cancel) and the queue refuses new ones.
   */
  async drain(timeoutMs: number): Promise<DrainResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.whenIdle().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.closed = true;
    if (!timedOut) return { finished: true, cancelled: 0, abandoned: 0 };
    const cancelled = this.waitingCount;
    const abandoned = this.runningTasks.size;
    const cancel = (key: string, entry: Entry) => this.guarded(key, () => entry.task.cancel?.() ?? Promise.resolve());
    const cancels = [
      ...[...this.runningTasks].map(([key, entry]) => cancel(key, entry)),
      ...[...this.waiting].flatMap(([key, list]) => list.map((entry) => cancel(key, entry).then(entry.settle))),
    ];
    this.waiting.clear();
    this.ready.length = 0;
    this.waitingCount = 0;
    await Promise.all(cancels);
    return { finished: false, cancelled, abandoned };
  }

  private whenIdle(): Promise<void> {
    if (this.waitingCount === 0 && this.runningTasks.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.runningTasks.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift()!;
      const list = this.waiting.get(key)!;
      const entry = list.shift()!;
      if (list.length === 0) this.waiting.delete(key);
      this.waitingCount -= 1;
      this.runningTasks.set(key, entry);
      void this.guarded(key, () => entry.task.run()).then(() => this.finish(key, entry));
    }
    if (this.waitingCount === 0 && this.runningTasks.size === 0) {
      const waiters = this.idle;
      this.idle = [];
      for (const resolve of waiters) resolve();
    }
  }

  /** A task that throws must not stall its chat; the error goes to onError. */
  private async guarded(key: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      try {
        this.options.onError?.(error, key);
      } catch {
        // A failing error reporter must not stall the queue either.
      }
    }
  }

  private finish(key: string, entry: Entry): void {
    this.runningTasks.delete(key);
    // The chat's next message goes to the back of the line, so one busy chat cannot starve the rest.
    if (this.waiting.has(key)) this.ready.push(key);
    entry.settle();
    this.pump();
  }
}

