import { describe, expect, it } from "vitest";
import { parseCommand, suggestCommand } from "../../src/commands/parse.js";
import { listCommands } from "../../src/commands/registry.js";
import { closestRoomNames } from "../../src/commands/rooms/suggest.js";
import { editDistance } from "../../src/commands/suggest.js";

describe("editDistance", () => {
  it.each([
    ["room", "rooms", 1],
    ["reprot", "report", 1],
    ["meetings", "meeting", 1],
    ["会意", "会议", 1],
    ["", "abc", 3],
    ["kitten", "sitting", 3],
    ["same", "same", 0],
  ])("%s → %s is %i edits", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("suggestCommand: what a mistyped command word meant", () => {
  const meant = (word: string) => suggestCommand(word, listCommands());

  it.each([
    ["room", "rooms", "rooms"],
    ["rooom", "rooms", "rooms"],
    ["meetings", "meeting", "meeting"],
    ["reprot", "report", "report"],
    ["repot", "report", "report"],
    ["hepl", "help", "help"],
    ["会意", "meeting", "会议"],
    ["报表", "report", "报告"],
    ["会义室", "rooms", "会议室"],
    ["会义室今天", "rooms", "会议室"],
  ])("/%s → /%s (as %s)", (word, name, as) => {
    expect(meant(word)).toMatchObject({ command: { name }, word: as });
  });

  it.each(["hello", "xyz", "hi", "stats", "天气"])("suggests nothing for /%s", (word) => {
    expect(meant(word)).toBeUndefined();
  });

  it("suggests only among the commands given (those the asker may run)", () => {
    const everyoneCommands = listCommands().filter((c) => c.name !== "report");
    expect(suggestCommand("reprot", everyoneCommands)).toBeUndefined();
  });

  it("keeps a slashed unknown word for the suggestion, and no word for plain text", () => {
    expect(parseCommand("/reprot 7d")).toEqual({ name: undefined, raw: "/reprot 7d", word: "reprot" });
    expect(parseCommand("/Room")).toMatchObject({ name: undefined, word: "room" });
    expect(parseCommand("hello there")).toEqual({ name: undefined, raw: "hello there" });
  });
});

describe("closestRoomNames", () => {
  const names = ["3F-01 长城", "3F-02 故宫", "20F-01 Pearl", "20F-02 Lotus", "21F-01 Pearl", "12F-01 外滩"];

  it("ranks a name by its nearest word, ignoring case, nearest first", () => {
    expect(closestRoomNames("perl", names)[0]).toBe("20F-01 Pearl");
    expect(closestRoomNames("PEARLS", names).slice(0, 2)).toEqual(["20F-01 Pearl", "21F-01 Pearl"]);
    expect(closestRoomNames("长成", names)[0]).toBe("3F-01 长城");
  });

  it("always offers a few names, at most three, without repeats", () => {
    const near = closestRoomNames("火星", [...names, ...names]);
    expect(near).toHaveLength(3);
    expect(new Set(near).size).toBe(3);
    expect(closestRoomNames("火星", [])).toEqual([]);
  });
});
