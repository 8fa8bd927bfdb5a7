import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { offsetPagerValues, pagerValues, readCursor, type Cursor } from "../../src/commands/paging.js";

const base = { cmd: "meeting" as const, args: ["123456789"], ct: "group" };

describe("pagerValues", () => {
  it("has no Previous on the first page and a Next when the API has more", () => {
    const p = pagerValues(base, undefined, "t2");
    expect(p.page).toBe(1);
    expect(p.prev).toBeUndefined();
    expect(p.next?.cursor).toEqual({ token: "t2", back: [""], page: 2 });
  });

  it("walks forward and back through the same tokens with no server state", () => {
    // The API's tokens for pages 2..5; page 1 has none.
    const tokens = ["t2", "t3", "t4", "t5"];
    const forward: (Cursor | undefined)[] = [undefined];
    let cursor: Cursor | undefined;
    for (let page = 1; page <= 5; page++) {
      const next = pagerValues(base, cursor, tokens[page - 1]).next;
      if (!next) break;
      cursor = readCursor(JSON.parse(JSON.stringify(next.cursor)));
      forward.push(cursor);
      expect(cursor?.token).toBe(tokens[page - 1]);
    }
    expect(forward).toHaveLength(5);
    for (let page = 5; page > 1; page--) {
      const prev = pagerValues(base, cursor, undefined).prev!;
      cursor = readCursor(prev.cursor);
      expect(cursor?.page).toBe(page - 1);
      expect(cursor?.token).toBe(forward[page - 2]?.token);
    }
    expect(pagerValues(base, cursor, "t2").prev).toBeUndefined();
  });
});

describe("offsetPagerValues", () => {
  it("pages a list held in full", () => {
    expect(offsetPagerValues(base, 0, 10, 25)).toMatchObject({ page: 1, pages: 3, next: { cursor: { offset: 10 } } });
    const last = offsetPagerValues(base, 20, 10, 25);
    expect(last.next).toBeUndefined();
    expect(last.prev?.cursor?.offset).toBe(10);
  });

  it("visits every item exactly once going forward", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 50 }), (total, size) => {
        const seen: number[] = [];
        let offset = 0;
        for (;;) {
          for (let i = offset; i < Math.min(offset + size, total); i++) seen.push(i);
          const next = offsetPagerValues(base, offset, size, total).next;
          if (!next) break;
          offset = next.cursor!.offset!;
        }
        expect(seen).toEqual([...Array(total).keys()]);
      }),
    );
  });
});

describe("readCursor", () => {
  it("treats anything malformed as the first page", () => {
    expect(readCursor(undefined)).toBeUndefined();
    expect(readCursor("x")).toBeUndefined();
    expect(readCursor({ back: "no", page: -3, offset: 1.5 })).toEqual({ back: [], page: 1 });
  });
});
