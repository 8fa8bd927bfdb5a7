import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { extractCommandText, parseCommand } from "../../src/commands/parse.js";
import { listCommands } from "../../src/commands/registry.js";

const COMMAND_WORDS = Object.fromEntries(listCommands().map((command) => [command.name, [...command.words.en, ...command.words.zh]]));
import type { Mention } from "../../src/ingress/types.js";

const BOT: Mention = { key: "@_user_1", openId: "ou_bot", name: "会议助手" };
const ALICE: Mention = { key: "@_user_2", openId: "ou_alice", name: "Alice" };

function text(body: string, mentions: Mention[] = [BOT]) {
  return { messageType: "text", content: JSON.stringify({ text: body }), mentions };
}

function post(content: unknown, mentions: Mention[] = [BOT]) {
  return { messageType: "post", content: JSON.stringify(content), mentions };
}

describe("extractCommandText: text messages", () => {
  it.each([
    ["the bot's mention before the command", "@_user_1 /help", [BOT], "/help"],
    ["the bot's mention after the command", "/help @_user_1", [BOT], "/help"],
    ["no mention at all (direct chat)", "/meeting 123456789", [], "/meeting 123456789"],
    ["someone else's mention stays as their name", "@_user_1 /meeting @_user_2", [BOT, ALICE], "/meeting @Alice"],
    ["@_user_1 does not eat the start of @_user_12", "@_user_12 @_user_1 hi", [BOT, { key: "@_user_12", openId: "ou_z", name: "Zed" }], "@Zed  hi"],
    ["a placeholder with no mention entry is left alone", "@_user_1 /help @_user_9", [BOT], "/help @_user_9"],
    ["only the bot's mention", "@_user_1", [BOT], ""],
  ] as const)("%s", (_name, body, mentions, expected) => {
    expect(extractCommandText(text(body, [...mentions]), { openId: "ou_bot" })).toBe(expected);
  });

  it("matches the bot by name when its open_id is unknown", () => {
    const msg = text("@_user_1 /help @_user_2", [BOT, ALICE]);
    expect(extractCommandText(msg, { name: "会议助手" })).toBe("/help @Alice");
  });

  it("matches by open_id, not by name, when both sides know the open_id", () => {
    const impostor: Mention = { key: "@_user_1", openId: "ou_someone", name: "会议助手" };
    expect(extractCommandText(text("@_user_1 /help", [impostor]), { openId: "ou_bot", name: "会议助手" })).toBe(
      "@会议助手 /help",
    );
  });

  it("strips nothing when the bot's identity is unknown", () => {
    expect(extractCommandText(text("@_user_1 /help"), {})).toBe("@会议助手 /help");
  });
});

describe("extractCommandText: rich text (post)", () => {
  const line = [
    { tag: "at", user_id: "@_user_1", user_name: "会议助手" },
    { tag: "text", text: "/meeting ", style: ["bold"] },
    { tag: "text", text: "123 456 789" },
  ];

  it("reads a received post and drops the bot's mention", () => {
    expect(extractCommandText(post({ title: "", content: [line] }), { openId: "ou_bot" })).toBe("/meeting 123 456 789");
  });

  it("reads the locale-wrapped form", () => {
    expect(extractCommandText(post({ zh_cn: { title: "标题", content: [line] } }), { openId: "ou_bot" })).toBe(
      "/meeting 123 456 789",
    );
  });

  it("keeps other people's mentions as separate @name words and link texts as text", () => {
    const content = [
      [
        { tag: "text", text: "/report" },
        { tag: "at", user_id: "@_user_2", user_name: "" },
        { tag: "a", href: "https://example.com", text: "today" },
      ],
    ];
    expect(extractCommandText(post({ title: "", content }, [BOT, ALICE]), { openId: "ou_bot" })).toBe(
      "/report @Alice today",
    );
  });

  it("recognises the bot when an at node carries its open_id (sending form)", () => {
    const content = [[{ tag: "at", user_id: "ou_bot", user_name: "会议助手" }, { tag: "text", text: "/help" }]];
    expect(extractCommandText(post({ title: "", content }, []), { openId: "ou_bot" })).toBe("/help");
  });

  it("joins lines with newlines and skips images, emoji and other nodes", () => {
    const content = [
      [{ tag: "text", text: "/rooms" }],
      [{ tag: "img", image_key: "img_1" }],
      [{ tag: "emotion", emoji_type: "SMILE" }, { tag: "text", text: "今天" }],
    ];
    expect(extractCommandText(post({ title: "t", content }, []), {})).toBe("/rooms\n\n今天");
  });
});

describe("extractCommandText: what it refuses", () => {
  it.each([
    ["an image message", { messageType: "image", content: JSON.stringify({ image_key: "img_1" }), mentions: [] }],
    ["a file message", { messageType: "file", content: JSON.stringify({ file_key: "f", file_name: "a.txt" }), mentions: [] }],
    ["garbage JSON", { messageType: "text", content: "{not json", mentions: [] }],
    ["an empty content string", { messageType: "text", content: "", mentions: [] }],
    ["JSON without text", { messageType: "text", content: JSON.stringify({ txt: "/help" }), mentions: [] }],
    ["text that is not a string", { messageType: "text", content: JSON.stringify({ text: 42 }), mentions: [] }],
    ["a JSON array", { messageType: "text", content: "[]", mentions: [] }],
    ["a post without content", { messageType: "post", content: JSON.stringify({ title: "x" }), mentions: [] }],
    ["a post that is a string", { messageType: "post", content: JSON.stringify("hello"), mentions: [] }],
  ])("%s → undefined", (_name, msg) => {
    expect(extractCommandText(msg, { openId: "ou_bot" })).toBeUndefined();
  });

  it("never throws, whatever the content and mentions", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("text", "post", "image", ""),
        fc.oneof(fc.string(), fc.json()),
        fc.array(fc.record({ key: fc.string(), openId: fc.option(fc.string(), { nil: undefined }), name: fc.string() })),
        (messageType, content, mentions) => {
          const result = extractCommandText({ messageType, content, mentions }, { openId: "ou_bot", name: "bot" });
          expect(result === undefined || typeof result === "string").toBe(true);
        },
      ),
    );
  });
});

describe("parseCommand", () => {
  it.each([
    ["/help", "help", []],
    ["  /help  ", "help", []],
    ["/HELP", "help", []],
    ["/Help extra words", "help", ["extra", "words"]],
    ["／ｈｅｌｐ", "help", []],
    ["／ｍｅｅｔｉｎｇ　１２３４５６７８９", "meeting", ["123456789"]],
    ["/meeting    123456789\t\n today", "meeting", ["123456789", "today"]],
    ["/meeting\u200b 123", "meeting", ["123"]],
    ["/rooms 今天", "rooms", ["今天"]],
    ["/report 昨天", "report", ["昨天"]],
    ["/pushstats", "pushstats", []],
    ["/digest", "digest", []],
    ["/帮助", "help", []],
    ["/会议 123456789", "meeting", ["123456789"]],
    ["/会议室 今天", "rooms", ["今天"]],
    ["/会议室今天", "rooms", ["今天"]],
    ["/会议123456789", "meeting", ["123456789"]],
    ["/报告 昨天", "report", ["昨天"]],
    ["/推送", "pushstats", []],
    ["help", "help", []],
    ["帮助", "help", []],
    ["meeting 123", "meeting", ["123"]],
    ["MeEtInG 123", "meeting", ["123"]],
  ] as const)("%j → %s %j", (input, name, args) => {
    expect(parseCommand(input)).toEqual({ name, args: [...args], raw: input.trim() });
  });

  it("keeps the case of arguments", () => {
    expect(parseCommand("/meeting AbC")).toMatchObject({ args: ["AbC"] });
  });

  it.each([
    "",
    "   ",
    "　",
    "/",
    "/unknown",
    "/helpme",
    "hello there",
    "会议室今天有空吗",
    "please /help",
    "@Alice /help",
  ])("%j is not a command", (input) => {
    const parsed = parseCommand(input);
    expect(parsed.name).toBeUndefined();
    expect(parsed.raw).toBe(input.trim());
  });

  it("knows every command by its English name", () => {
    for (const name of Object.keys(COMMAND_WORDS)) {
      expect(parseCommand(`/${name}`).name).toBe(name);
    }
  });

  it("never throws and always returns the trimmed input as raw", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (input) => {
        const parsed = parseCommand(input);
        expect(parsed.raw).toBe(input.trim());
        if (parsed.name !== undefined) expect(Object.keys(COMMAND_WORDS)).toContain(parsed.name);
      }),
    );
  });
});
