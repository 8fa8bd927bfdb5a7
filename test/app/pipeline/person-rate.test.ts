import { describe, expect, it } from "vitest";
import { isPageTurn } from "../../../src/app/pipeline/person-rate.js";
import type { CommandRequest } from "../../../src/app/pipeline/turn.js";
import { roomsCommand } from "../../../src/commands/rooms/index.js";

const request = (extra: Partial<CommandRequest>): CommandRequest => ({ command: roomsCommand, args: { date: "2026-03-03" }, ...extra });

describe("what a click is charged as", () => {
  it("is a page turn when it carries a cursor and answers in place", () => {
    expect(isPageTurn(request({ cursor: { back: [], page: 2, offset: 5 } }))).toBe(true);
  });

  it("is a command when it opens something new, or asks for no page", () => {
    expect(isPageTurn(request({}))).toBe(false);
    expect(isPageTurn(request({ cursor: { back: [], page: 2 }, opens: "thread" }))).toBe(false);
  });
});
