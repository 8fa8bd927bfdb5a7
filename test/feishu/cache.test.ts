/** The query cache: shared flights, answers kept per their lifetime, copies out, errors never kept. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { QueryCache, cacheKey } from "../../src/feishu/cache.js";
import { Sensitive } from "../../src/feishu/types.js";

afterEach(() => {
  vi.useRealTimers();
});

function loader<T>(value: () => T, delayMs = 5) {
  let count = 0;
  const load = async (): Promise<T> => {
    count += 1;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return value();
  };
  return { load, count: () => count };
}

describe("QueryCache", () => {
  it("lets twenty identical queries in flight share one load", async () => {
    const cache = new QueryCache();
    const l = loader(() => ({ n: 1 }));
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.through("k", l.load, () => 60)));
    expect(l.count()).toBe(1);
    expect(answers.every((a) => a.n === 1)).toBe(true);
  });

  it("answers from the cache until the lifetime ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const cache = new QueryCache();
    const l = loader(() => "v", 0);
    await cache.through("k", l.load, () => 60);
    vi.setSystemTime(59_000);
    await cache.through("k", l.load, () => 60);
    expect(l.count()).toBe(1);
    vi.setSystemTime(61_000);
    await cache.through("k", l.load, () => 60);
    expect(l.count()).toBe(2);
  });

  it("chooses the lifetime from the answer", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(0);
    const cache = new QueryCache();
    const running = loader(() => ({ status: "in_progress" }), 0);
    const ended = loader(() => ({ status: "ended" }), 0);
    const ttl = (m: { status: string }) => (m.status === "ended" ? 3600 : 30);
    await cache.through("running", running.load, ttl);
    await cache.through("ended", ended.load, ttl);
    vi.setSystemTime(31_000);
    await cache.through("running", running.load, ttl);
    await cache.through("ended", ended.load, ttl);
    expect([running.count(), ended.count()]).toEqual([2, 1]);
  });

  it("never keeps an error", async () => {
    const cache = new QueryCache();
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw new Error("upstream down");
      return "ok";
    });
    await expect(cache.through("k", load, () => 60)).rejects.toThrow("upstream down");
    fail = false;
    await expect(cache.through("k", load, () => 60)).resolves.toBe("ok");
    await expect(cache.through("k", load, () => 60)).resolves.toBe("ok");
    expect(load).toHaveBeenCalledTimes(2);
  });

  it("hands every caller its own copy, Dates copied and Sensitive kept", async () => {
    const cache = new QueryCache();
    const value = () => ({ items: [{ start: new Date(1000), password: new Sensitive("1234") }], hasMore: false });
    const l = loader(value);
    const [a, b] = await Promise.all([cache.through("k", l.load, () => 60), cache.through("k", l.load, () => 60)]);
    a.items[0]!.start.setTime(0);
    a.items.push({ start: new Date(5), password: new Sensitive("x") });
    a.hasMore = true;
    const c = await cache.through("k", l.load, () => 60);
    for (const copy of [b, c]) {
      expect(copy.items).toHaveLength(1);
      expect(copy.items[0]!.start.getTime()).toBe(1000);
      expect(copy.hasMore).toBe(false);
      expect(copy.items[0]!.password).toBeInstanceOf(Sensitive);
      expect(copy.items[0]!.password.reveal()).toBe("1234");
    }
  });

  it("keeps nothing when disabled, but still shares a flight", async () => {
    const cache = new QueryCache({ enabled: false });
    const l = loader(() => 1);
    await Promise.all([cache.through("k", l.load, () => 60), cache.through("k", l.load, () => 60)]);
    expect(l.count()).toBe(1);
    await cache.through("k", l.load, () => 60);
    expect(l.count()).toBe(2);
  });

  it("makes room when full by dropping the answers closest to expiry", async () => {
    const cache = new QueryCache({ maxKeys: 10 });
    for (let i = 0; i < 10; i++) await cache.through(`k${i}`, async () => i, () => 100 + i);
    await cache.through("new", async () => "n", () => 1000);
    expect(cache.size).toBe(10);
    const reloaded = vi.fn(async () => -1);
    // k0 expired soonest and was dropped; k9 is still there.
    expect(await cache.through("k0", reloaded, () => 60)).toBe(-1);
    expect(await cache.through("k9", reloaded, () => 60)).toBe(9);
  });
});

describe("cacheKey", () => {
  it("names every parameter, in any order, the page token included", () => {
    expect(cacheKey("e", { a: 1, b: [2, 3] })).toBe(cacheKey("e", { b: [2, 3], a: 1 }));
    expect(cacheKey("e", { a: 1, page_token: "p2" })).not.toBe(cacheKey("e", { a: 1, page_token: "p3" }));
    expect(cacheKey("e", { a: 1 })).not.toBe(cacheKey("f", { a: 1 }));
    expect(cacheKey("e", { a: 1, page_token: undefined })).toBe(cacheKey("e", { a: 1 }));
    expect(cacheKey("e", { at: new Date(0) })).not.toBe(cacheKey("e", { at: new Date(1) }));
  });
});
