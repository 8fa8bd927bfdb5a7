import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buttonAction } from "../../src/commands/actions.js";
import { offsetPagerValues, readCursor, type Cursor } from "../../src/commands/paging.js";

const at = (cursor: Cursor) => buttonAction("rooms", { date: "2026-03-03" }, cursor);

describe("offsetPagerValues", () => {
  it("pages a list held in full", () => {
    expect(offsetPagerValues(at, 0, 10, 25)).toMatchObject({ page: 1, pages: 3, next: { cursor: { offset: 10 } } });
    const last = offsetPagerValues(at, 20, 10, 25);
    expect(last.next).toBeUndefined();
    expect(last.prev?.cursor?.offset).toBe(10);
  });

  it("makes each button with `at`, from the cursor it stands for", () => {
    const { prev, next } = offsetPagerValues(at, 10, 10, 25);
    expect(prev).toEqual({ cmd: "rooms", args: { date: "2026-03-03" }, cursor: { back: [], page: 1, offset: 0 } });
    expect(next).toEqual({ cmd: "rooms", args: { date: "2026-03-03" }, cursor: { back: [], page: 3, offset: 20 } });
  });

  it("jumps to the first and last page on lists of three pages or more, where they lead somewhere", () => {
    const on = (offset: number, total: number) => {
      const { first, last } = offsetPagerValues(at, offset, 10, total);
      return { first: first?.cursor, last: last?.cursor };
    };
    // Two pages: Previous and Next already are the ends.
    expect(on(0, 20)).toEqual({ first: undefined, last: undefined });
    expect(on(10, 20)).toEqual({ first: undefined, last: undefined });
    expect(on(0, 25)).toEqual({ first: undefined, last: { back: [], page: 3, offset: 20 } });
    expect(on(10, 25)).toEqual({ first: { back: [], page: 1, offset: 0 }, last: { back: [], page: 3, offset: 20 } });
    expect(on(20, 25)).toEqual({ first: { back: [], page: 1, offset: 0 }, last: undefined });
  });

  it("has a single page and no buttons for an empty list", () => {
    expect(offsetPagerValues(at, 0, 10, 0)).toEqual({ page: 1, pages: 1 });
  });

  it("visits every item exactly once going forward, with cursors readCursor accepts", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 50 }), (total, size) => {
        const seen: number[] = [];
        let offset = 0;
        for (;;) {
          for (let i = offset; i < Math.min(offset + size, total); i++) seen.push(i);
          const next = offsetPagerValues(at, offset, size, total).next;
          if (!next) break;
          const cursor = readCursor(JSON.parse(JSON.stringify(next.cursor)));
          expect(cursor).toEqual(next.cursor);
          offset = cursor!.offset!;
        }
        expect(seen).toEqual([...Array(total).keys()]);
      }),
    );
  });
});

describe("readCursor", () => {
  it("round-trips a valid cursor through JSON", () => {
    const cursors: Cursor[] = [
      { back: [], page: 1 },
      { back: [], page: 3, offset: 20 },
      { token: "t3", back: ["", "t2"], page: 3 },
    ];
    for (const cursor of cursors) expect(readCursor(JSON.parse(JSON.stringify(cursor)))).toEqual(cursor);
  });

  it("refuses anything malformed rather than guessing a page", () => {
    expect(readCursor(undefined)).toBeUndefined();
    expect(readCursor("x")).toBeUndefined();
    expect(readCursor({ back: "no", page: -3, offset: 1.5 })).toBeUndefined();
    expect(readCursor({ back: [], page: 0 })).toBeUndefined();
    expect(readCursor({ back: [], page: 2, offset: -10 })).toBeUndefined();
    expect(readCursor({ back: [], page: 1.5 })).toBeUndefined();
    expect(readCursor({ back: [], page: 2, token: "" })).toBeUndefined();
    expect(readCursor({ page: 2 })).toBeUndefined();
  });

  it("refuses extra properties", () => {
    expect(readCursor({ back: [], page: 2, offset: 10, ct: "group" })).toBeUndefined();
  });
});
