import { describe, expect, it } from "vitest";
import { PAGE_TURNS_PER_COMMAND, createUserRate } from "../../src/app/userRate.js";

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe("the per-person command rate", () => {
  it("allows the limit, answers the next one with a notice, then ignores the rest of the minute", () => {
    const c = clock();
    const rate = createUserRate({ perMinute: 3, now: c.now });
    const kinds = [];
    for (let i = 0; i < 6; i++) {
      kinds.push(rate.check("ou_spammer").kind);
      c.advance(1_000);
    }
    expect(kinds).toEqual(["ok", "ok", "ok", "notice", "ignore", "ignore"]);
  });

  it("says when the person will be heard again, and hears them then", () => {
    const c = clock();
    const rate = createUserRate({ perMinute: 1, now: c.now });
    expect(rate.check("ou_a").kind).toBe("ok");
    c.advance(15_000);
    expect(rate.check("ou_a")).toEqual({ kind: "notice", retryAfterSeconds: 45 });
    c.advance(44_000);
    expect(rate.check("ou_a").kind).toBe("ignore");
    c.advance(1_000);
    expect(rate.check("ou_a").kind).toBe("ok");
  });

  it("counts each person separately", () => {
    const c = clock();
    const rate = createUserRate({ perMinute: 1, now: c.now });
    expect(rate.check("ou_a").kind).toBe("ok");
    expect(rate.check("ou_b").kind).toBe("ok");
    expect(rate.check("ou_a").kind).toBe("notice");
    expect(rate.check("ou_c").kind).toBe("ok");
  });

  it("is off at 0", () => {
    const rate = createUserRate({ perMinute: 0 });
    for (let i = 0; i < 1_000; i++) expect(rate.check("ou_a").kind).toBe("ok");
  });

  it("forgets people who have been quiet for a minute, so memory stays bounded", () => {
    const c = clock();
    const rate = createUserRate({ perMinute: 10, now: c.now });
    for (let i = 0; i < 5_000; i++) rate.check(`ou_${i}`);
    expect(rate.size).toBe(5_000);
    c.advance(60_000);
    rate.check("ou_new");
    expect(rate.size).toBe(1);
  });

  it("counts page turns apart from commands, with PAGE_TURNS_PER_COMMAND times the allowance", () => {
    const c = clock();
    const rate = createUserRate({ perMinute: 2, now: c.now });
    const pages = 2 * PAGE_TURNS_PER_COMMAND;
    for (let i = 0; i < pages; i++) expect(rate.check("ou_reader", "page").kind).toBe("ok");
    // Reading used none of the commands...
    expect(rate.check("ou_reader").kind).toBe("ok");
    expect(rate.check("ou_reader", "command").kind).toBe("ok");
    expect(rate.check("ou_reader").kind).toBe("notice");
    // ...and commands none of the page turns, which are still bounded.
    c.advance(10_000);
    expect(rate.check("ou_reader", "page")).toEqual({ kind: "notice", retryAfterSeconds: 50 });
    expect(rate.check("ou_reader", "page").kind).toBe("ignore");
    c.advance(50_000);
    expect(rate.check("ou_reader", "page").kind).toBe("ok");
  });

  it("lets page turns through too when the limit is off", () => {
    const rate = createUserRate({ perMinute: 0 });
    for (let i = 0; i < 1_000; i++) expect(rate.check("ou_a", "page").kind).toBe("ok");
  });
});
