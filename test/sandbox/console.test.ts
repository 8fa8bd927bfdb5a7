import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../../src/sandbox/start.js";
import { callbackButtons, clickAndShow, sendAndShow, type ShownCard } from "../../src/sandbox/console.js";
import { startTestSandbox } from "../helpers/sandbox.js";

/** The sandbox console drives the emulator's control API only: what it shows is what a chat user sees. */
describe("sandbox console", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it("shows the reply to a typed command as text", async () => {
    const shown = await sendAndShow({ emulatorUrl: sandbox.emulator.url }, "/help", "p2p");
    expect(typeof shown).not.toBe("string");
    expect((shown as ShownCard).text).toContain("/help");
  });

  it("clicks Next and then Previous on a paged card", async () => {
    const meetingNo = sandbox.emulator.tenant.notable.busyMeetingNo;
    const first = (await sendAndShow({ emulatorUrl: sandbox.emulator.url }, `/meeting ${meetingNo}`, "group")) as ShownCard;
    const next = first.buttons.findIndex((b) => b.label === "下一页");
    expect(next).toBeGreaterThanOrEqual(0);
    const second = (await clickAndShow({ emulatorUrl: sandbox.emulator.url }, first.messageId, first.buttons[next]!.value)) as ShownCard;
    expect(second.text).toContain("第 2 /");
    const prev = second.buttons.find((b) => b.label === "上一页")!;
    const back = (await clickAndShow({ emulatorUrl: sandbox.emulator.url }, second.messageId, prev.value)) as ShownCard;
    expect(back.text).toBe(first.text);
  });

  it("finds callback buttons anywhere in a card and nothing else", () => {
    const card = {
      body: {
        elements: [
          { tag: "column_set", columns: [{ elements: [{ tag: "button", text: { content: "A" }, behaviors: [{ type: "callback", value: { cmd: "a" } }] }] }] },
          { tag: "button", text: { content: "Link" }, behaviors: [{ type: "open_url", default_url: "https://x" }] },
        ],
      },
    };
    expect(callbackButtons(card)).toEqual([{ label: "A", value: { cmd: "a" } }]);
  });
});
