/**
 * Sandbox mode shows its own data: the banner and /help offer meeting numbers, a meeting id and a
 * busy day the emulator's tenant holds, and every usage example, typed into the sandbox, is answered
 * with a card of data — not a usage card, an error or a refusal.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleContext } from "../../src/commands/examples.js";
import { listCommands } from "../../src/commands/registry.js";
import { sandboxBanner, sandboxConfig } from "../../src/sandbox/mode.js";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { cardToText } from "../../src/cards/index.js";
import { anchoredClock, startTestSandbox, waitFor } from "../helpers/sandbox.js";

let sandbox: RunningSandbox;
let now: () => number;

beforeAll(async () => {
  // The first of a month: "last month" examples reach furthest back.
  now = anchoredClock("2026-03-01T15:00:00+08:00");
  sandbox = await startTestSandbox({
    emulator: { now },
    // As npm start runs it (the built-in digest included), with no per-person rate: one person types every example.
    config: (c) => sandboxConfig({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } }),
  });
});

afterAll(async () => {
  await sandbox.close();
});

interface Reply {
  template: string;
  text: string;
  buttons: number;
}

/** Types `text` as the sandbox's default user (its admin) and waits for the reply card. */
async function ask(text: string, chatType: "p2p" | "group" = "p2p"): Promise<Reply> {
  const { messageId } = await sandbox.emulator.pushMessage({ text, chatType });
  const sent = await waitFor(() => sandbox.emulator.sent().find((s) => s.parentId === messageId), 30_000, `the reply to ${text}`);
  const card = (sent.card ?? JSON.parse(sent.content)) as { header?: { template?: string } };
  const json = JSON.stringify(card);
  return { template: card.header?.template ?? "", text: cardToText(card as never), buttons: json.split('"callback"').length - 1 };
}

describe("sandbox mode shows its own data", () => {
  it("samples what the tenant holds", () => {
    const samples = sandbox.config.sandbox!;
    const { tenant } = sandbox.emulator;
    expect(samples.meetingNumbers.length).toBeGreaterThan(1);
    for (const no of samples.meetingNumbers) expect(tenant.meetings.some((m) => m.meetingNo === no)).toBe(true);
    expect(tenant.meetings.some((m) => m.id === samples.meetingId)).toBe(true);
    expect(samples.busyDay < tenant.today).toBe(true);
    expect(tenant.rooms.some((room) => room.name.includes(samples.roomWord))).toBe(true);
    expect(tenant.departments.some((d) => d.openDepartmentId === samples.departmentId)).toBe(true);
  });

  it("prints them in the banner, with where the state is kept", () => {
    const banner = sandboxBanner(sandbox).join("\n");
    const samples = sandbox.config.sandbox!;
    for (const no of samples.meetingNumbers) expect(banner).toContain(`/meeting ${no}`);
    expect(banner).toContain(`/meeting ${samples.meetingId}`);
    expect(banner).toContain(`/rooms ${samples.busyDay}`);
    expect(banner).toMatch(/state +in this process's memory/);
    expect(banner).toContain(sandbox.emulator.url);
  });

  it("offers them on /help, and each finds data", async () => {
    const help = await ask("/help");
    const samples = sandbox.config.sandbox!;
    expect(help.text).toContain("沙盒模式");
    for (const no of samples.meetingNumbers) expect(help.text).toContain(`/meeting ${no}`);
    expect(help.text).toContain(`/meeting ${samples.meetingId}`);
    expect(help.text).toContain(`/rooms ${samples.busyDay}`);

    const list = await ask(`/meeting ${samples.meetingNumbers[0]}`);
    expect(list.template).toBe("blue");
    expect(list.buttons).toBeGreaterThan(1); // Details buttons, and Next
    const detail = await ask(`/meeting ${samples.meetingId}`);
    expect(detail.text).toContain(sandbox.emulator.tenant.meetings.find((m) => m.id === samples.meetingId)!.topic.slice(0, 4));
    const rooms = await ask(`/rooms ${samples.busyDay}`);
    expect(rooms.text).toContain(samples.busyDay);
    expect(rooms.buttons).toBeGreaterThan(0);
  });

  it("answers every usage example with a card of data", async () => {
    const at = exampleContext({ config: sandbox.config, now });
    const examples = listCommands().flatMap((command) => command.help.examples(at));
    expect(examples).toContain("/digest run sandbox-minutely");
    const answers = await Promise.all(examples.map(async (example) => ({ example, reply: await ask(example) })));
    const refused = answers.filter(({ reply }) => reply.template === "orange" || reply.template === "red");
    expect(refused.map(({ example, reply }) => `${example}: ${reply.text}`)).toEqual([]);
  }, 120_000);

  it("shows the tenant's meeting number on /meeting's usage card", async () => {
    const usage = await ask("/meeting abc");
    expect(usage.template).toBe("orange");
    expect(usage.text).toContain(`/meeting ${sandbox.config.sandbox!.meetingNumbers[0]}`);
  });

  it("answers the README's sandbox commands with cards of data (meeting numbers with meetings)", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = /The start-up banner lists commands[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const commands = block
      .split("\n")
      .map((line) => line.split(/\s{2,}/)[0]!.trim())
      .filter((line) => line.startsWith("/"));
    expect(commands.length).toBeGreaterThan(5);
    for (const command of commands) {
      const reply = await ask(command);
      expect(reply.template, `${command}: ${reply.text}`).not.toMatch(/orange|red/);
      if (command.startsWith("/meeting")) expect(reply.buttons, `${command} finds meetings`).toBeGreaterThan(0);
    }
  }, 120_000);
});
