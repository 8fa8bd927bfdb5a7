/** /whoami: the view (the two ids, the lines to paste) and its card, in both languages; the words that run it. */
import { describe, expect, it } from "vitest";
import { cardToText, checkCardBudget, renderView } from "../../src/cards/index.js";
import { parseCommand } from "../../src/commands/parse.js";
import { commandsFor } from "../../src/commands/help.js";
import { whoamiCommand } from "../../src/commands/whoami/index.js";
import { buildWhoamiView } from "../../src/commands/whoami/view.js";
import { loadConfig } from "../../src/config/index.js";
import { yamlFile } from "../config/helpers.js";
import { runWords } from "../helpers/command.js";
import { testContext, testDeps } from "../helpers/context.js";

const CHAT = "oc_5a1b2c3d4e5f60718293a4b5c6d7e8f9";
const ME = "ou_0a1b2c3d4e5f60718293a4b5c6d7e8f9";

function asker(openId: string, admins: string[], chatType: "p2p" | "group" = "group") {
  const deps = testDeps();
  return testContext({ chatId: CHAT, chatType, senderOpenId: openId, deps: { ...deps, config: { ...deps.config, bot: { ...deps.config.bot, admins } } } });
}

/** The text inside each fenced code block of the card. */
function codeBlocks(card: object): string[] {
  return [...JSON.stringify(card).matchAll(/```[a-z]*\\n(.*?)\\n```/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
}

describe("/whoami", () => {
  it("is run by /whoami and /我, for everyone", () => {
    expect(parseCommand("/whoami").name).toBe("whoami");
    expect(parseCommand("/我").name).toBe("whoami");
    expect(parseCommand("/我 ").name).toBe("whoami");
    // A one-character word is a command only on its own, not at the start of a sentence.
    expect(parseCommand("/我们").name).not.toBe("whoami");
    expect(parseCommand("/我想预约会议室").name).not.toBe("whoami");
    // Longer Chinese words still run into their arguments.
    expect(parseCommand("/会议室昨天").name).toBe("rooms");
    expect(commandsFor(asker("ou_nobody", []))).toContain(whoamiCommand);
  });

  it("gives lines the bot's own config loader accepts as they are: a digest into this chat, and the asker an admin", async () => {
    const view = await runWords(whoamiCommand, [], asker(ME, []));
    const config = loadConfig({ path: yamlFile(`${view.digestYaml}\n${view.admin!.yaml}\n`), env: {} });
    expect(config.digests.map((d) => d.chats)).toEqual([[CHAT]]);
    expect(config.bot.admins).toEqual([ME]);
    expect(loadConfig({ path: yamlFile(""), env: { [view.admin!.env.split("=")[0]!]: view.admin!.env.split("=")[1]! } }).bot.admins).toEqual([ME]);
  });

  it("gives a non-admin the chat id, their open_id, and the lines for a digest here and for making them an admin", async () => {
    const view = await runWords(whoamiCommand, [], asker(ME, ["ou_someone_else"]));
    expect(view).toMatchObject({ kind: "whoami", chatId: CHAT, chatType: "group", openId: ME, isAdmin: false });
    expect(view.digestYaml).toContain(`    chats: [${CHAT}]`);
    expect(view.admin).toEqual({ yaml: `bot:\n  admins: [${ME}]`, env: `BOT_ADMINS=${ME}` });
    // Nobody else's id: not the other admin's.
    expect(JSON.stringify(view)).not.toContain("ou_someone_else");

    const card = renderView(view, "zh");
    const text = cardToText(card);
    expect(text).toContain("【我是谁】");
    expect(text).toContain(`本会话（群聊）的 ID：**${CHAT}**`);
    expect(text).toContain(`你的 open_id：**${ME}**`);
    expect(text).toContain("你不是机器人的管理员。");
    expect(codeBlocks(card)).toEqual([view.digestYaml, view.admin!.yaml, view.admin!.env]);
    checkCardBudget(card);
  });

  it("tells an admin they are one, with no admin lines, in English too", async () => {
    const view = await runWords(whoamiCommand, [], asker(ME, [ME], "p2p"));
    expect(view).toMatchObject({ isAdmin: true, chatType: "p2p" });
    expect(view.admin).toBeUndefined();
    const card = renderView(view, "en");
    const text = cardToText(card);
    expect(text).toContain("【Who am I】");
    expect(text).toContain(`This chat (direct chat): **${CHAT}**`);
    expect(text).toContain("You are an administrator of the bot.");
    expect(text).not.toContain("BOT_ADMINS");
    expect(codeBlocks(card)).toEqual([view.digestYaml]);
  });

  it("pastes no id of another shape, and shows it escaped", () => {
    const hostileChat = "oc_x```\n<at id=all></at>";
    const hostileMe = "ou_[x](https://evil.example)";
    const view = buildWhoamiView({ chatId: hostileChat, chatType: "group", openId: hostileMe, isAdmin: false });
    expect(view.digestYaml).toContain("chats: [oc_…]");
    expect(view.admin).toEqual({ yaml: "bot:\n  admins: [ou_…]", env: "BOT_ADMINS=ou_…" });
    const card = renderView(view, "zh");
    const json = JSON.stringify(card);
    expect(json).not.toContain("<at id=all>");
    expect(json).not.toContain("](https://evil.example)");
    expect(codeBlocks(card)).toHaveLength(3);
  });
});
