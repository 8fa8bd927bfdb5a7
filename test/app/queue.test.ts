import { describe, expect, it } from "vitest";
import { ChatQueue, type QueueTask } from "../../src/app/queue.js";

/** A task that finishes when the test says so, recording when it started. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const task: QueueTask = {
    run: async () => {
      log.push(`start ${name}`);
      await opened;
      log.push(`end ${name}`);
    },
    cancel: async () => {
      log.push(`cancel ${name}`);
    },
  };
  return { task, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("ChatQueue", () => {
  it("runs one chat's tasks one at a time, in order, and other chats alongside", async () => {
    const log: string[] = [];
    const queue = new ChatQueue({ concurrency: 4, maxPending: 10 });
    const a1 = gate(log, "a1");
    const a2 = gate(log, "a2");
    const b1 = gate(log, "b1");
    const pushed = [queue.push("a", a1.task), queue.push("a", a2.task), queue.push("b", b1.task)];
    expect(pushed.every((p) => p.accepted)).toBe(true);
    await tick();
    expect(log).toEqual(["start a1", "start b1"]);
    expect(queue.running).toBe(2);
    expect(queue.pending).toBe(1);
    b1.open();
    a2.open();
    await tick();
    // a2 was released first but waits for a1: one chat's answers keep the order of its messages.
    expect(log).toEqual(["start a1", "start b1", "end b1"]);
    a1.open();
    await Promise.all(pushed.map((p) => (p.accepted ? p.done : undefined)));
    expect(log).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
  });

  it("never runs more than the concurrency limit, and lets chats take turns", async () => {
    const log: string[] = [];
    const queue = new ChatQueue({ concurrency: 2, maxPending: 20 });
    const gates = ["a", "a", "a", "b", "c"].map((chat, i) => ({ chat, ...gate(log, `${chat}${i}`) }));
    const done = gates.map((g) => queue.push(g.chat, g.task));
    await tick();
    expect(queue.running).toBe(2);
    expect(log).toEqual(["start a0", "start b3"]);
    gates[0]!.open();
    await tick();
    // Chat a had its turn; c, waiting longer, goes before a's second task.
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start a0", "start b3", "start c4"]);
    for (const g of gates) g.open();
    await Promise.all(done.map((p) => (p.accepted ? p.done : undefined)));
    expect(log.filter((l) => l.startsWith("end"))).toHaveLength(5);
    expect(queue.running).toBe(0);
  });

  it("refuses with 'full' past max_pending, counting only tasks that wait", async () => {
    const log: string[] = [];
    const queue = new ChatQueue({ concurrency: 1, maxPending: 2 });
    const first = gate(log, "1");
    expect(queue.push("a", first.task).accepted).toBe(true);
    await tick();
    expect(queue.push("a", gate(log, "2").task).accepted).toBe(true);
    expect(queue.push("b", gate(log, "3").task).accepted).toBe(true);
    expect(queue.push("c", gate(log, "4").task)).toEqual({ accepted: false, reason: "full" });
  });

  it("keeps a chat going when one of its tasks throws, and reports the error", async () => {
    const errors: unknown[] = [];
    const queue = new ChatQueue({ concurrency: 1, maxPending: 5, onError: (error, key) => errors.push([key, error]) });
    const ran: string[] = [];
    const failing = queue.push("a", { run: () => Promise.reject(new Error("boom")) });
    const next = queue.push("a", { run: async () => void ran.push("next") });
    await Promise.all([failing, next].map((p) => (p.accepted ? p.done : undefined)));
    expect(ran).toEqual(["next"]);
    expect(errors).toEqual([["a", new Error("boom")]]);
  });

  it("drains: finishes everything in time and then refuses new tasks", async () => {
    const log: string[] = [];
    const queue = new ChatQueue({ concurrency: 1, maxPending: 5 });
    const a = gate(log, "a");
    const b = gate(log, "b");
    queue.push("x", a.task);
    queue.push("x", b.task);
    const draining = queue.drain(2_000);
    // A task acknowledged while the server was closing is still taken.
    const late = gate(log, "late");
    expect(queue.push("y", late.task).accepted).toBe(true);
    a.open();
    b.open();
    late.open();
    expect(await draining).toEqual({ finished: true, cancelled: 0, abandoned: 0 });
    expect(log).toContain("end late");
    expect(log.indexOf("end a")).toBeLessThan(log.indexOf("start b"));
    expect(queue.push("x", gate(log, "after").task)).toEqual({ accepted: false, reason: "closed" });
  });

  it("at the drain deadline cancels what never started instead of running it, and what still runs alongside", async () => {
    const log: string[] = [];
    const queue = new ChatQueue({ concurrency: 1, maxPending: 5 });
    const stuck = gate(log, "stuck");
    const waiting = gate(log, "waiting");
    const other = gate(log, "other");
    const pushed = [queue.push("x", stuck.task), queue.push("x", waiting.task), queue.push("y", other.task)];
    const started = Date.now();
    const result = await queue.drain(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(result).toEqual({ finished: false, cancelled: 2, abandoned: 1 });
    expect(log).toEqual(["start stuck", "cancel stuck", "cancel waiting", "cancel other"]);
    // Every push settles, cancelled or not: nobody waits forever.
    stuck.open();
    await Promise.all(pushed.map((p) => (p.accepted ? p.done : undefined)));
  });
});
