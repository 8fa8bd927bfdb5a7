/** The tenant token: one fetch however many callers, renewed before expiry, dropped only when stale. */
import { describe, expect, it } from "vitest";
import { TenantTokenSource, type FetchedToken } from "../../src/feishu/token.js";

/** A fetcher that hands out t-1, t-2, ... and counts its calls; each fetch waits a tick. */
function fetcher(expireSeconds = 7200) {
  let count = 0;
  const fetch = async (): Promise<FetchedToken> => {
    count += 1;
    const n = count;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { token: `t-${n}`, expireSeconds };
  };
  return { fetch, count: () => count };
}

describe("TenantTokenSource", () => {
  it("shares one fetch among concurrent first callers", async () => {
    const f = fetcher();
    const source = new TenantTokenSource(f.fetch);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => source.get()));
    expect(new Set(tokens)).toEqual(new Set(["t-1"]));
    expect(f.count()).toBe(1);
    expect(await source.get()).toBe("t-1");
    expect(f.count()).toBe(1);
  });

  it("fetches once when twenty callers report the same stale token", async () => {
    const f = fetcher();
    const source = new TenantTokenSource(f.fetch);
    const stale = await source.get();
    const fresh = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        // Refusals arrive spread out: some before the new fetch starts, some while it runs, some after.
        await new Promise((resolve) => setTimeout(resolve, i % 3 === 0 ? 0 : i));
        source.invalidate(stale);
        return source.get();
      }),
    );
    expect(new Set(fresh)).toEqual(new Set(["t-2"]));
    expect(f.count()).toBe(2);
  });

  it("renews a token three minutes before Feishu's expiry", async () => {
    let now = 0;
    const f = fetcher(7200);
    const source = new TenantTokenSource(f.fetch, () => now);
    await source.get();
    now = (7200 - 181) * 1000;
    expect(await source.get()).toBe("t-1");
    now = (7200 - 179) * 1000;
    expect(await source.get()).toBe("t-2");
  });

  it("does not keep a failed fetch: the next caller tries again", async () => {
    let fail = true;
    const source = new TenantTokenSource(async () => {
      if (fail) throw new Error("token endpoint down");
      return { token: "t-ok", expireSeconds: 7200 };
    });
    const failures = await Promise.allSettled([source.get(), source.get()]);
    expect(failures.map((f) => f.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await source.get()).toBe("t-ok");
  });
});
