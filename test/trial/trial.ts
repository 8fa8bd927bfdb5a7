/**
 * The new user's trial, replayed: every command in the sandbox, typed by an admin and by an
 * ordinary member, in a group and in a direct chat, and every button on each answer pressed by the
 * same person. Prints a Markdown transcript (cards as text, clicks as toasts or the card they open).
 * Each distinct button label is pressed once per card. The per-person command rate is lifted (the
 * trial presses far more buttons a minute than a person would; test/app covers the limit).
 * Not a test: a tool for reading what a person sees. `npm run trial [-- --only group-admin]`.
 */
import { cardToText } from "../../src/cards/index.js";
import { withSandboxDigest } from "../../src/sandbox/digest.js";
import { DEFAULT_SENDER_OPEN_ID } from "../../src/sandbox/emulator/events/index.js";
import { SANDBOX_CHATS } from "../../src/sandbox/emulator/messaging/index.js";
import { buttons } from "../cards/meeting-fixtures.js";
import { startTestSandbox, waitFor } from "../helpers/sandbox.js";

const MEMBER = "ou_trial_member";
const ANSWER_WAIT_MS = 30_000;
const SETTLE_MS = 400;

const sandbox = await startTestSandbox({
  bot: { workingNoticeAfterMs: 1_000 },
  // As `npm start` runs it: with the built-in digest posting into the group every minute.
  config: (c) => withSandboxDigest({ ...c, access: { ...c.access, userCommandsPerMinute: 0 } }),
});
const { emulator } = sandbox;
const { notable } = emulator.tenant;
const department = emulator.tenant.departments[0]?.openDepartmentId;

const commands = [
  "/help",
  `/meeting ${notable.busyMeetingNo}`,
  `/meeting ${notable.busyMeetingNo} 90d`,
  `/meeting ${notable.largeMeetingId}`,
  "/rooms today",
  "/rooms yesterday",
  "/rooms yesterday 火星",
  "/report 7d",
  "/report 上个月",
  "/pushstats week",
  ...(department ? [`/pushstats week ${department}`] : []),
  "/pushstats week 研发中心",
  "/pushstats week 综合组",
  "/digest",
  "/digest run sandbox-minutely",
  "/room yesterday",
];

const roles = [
  { name: "group-admin", chatType: "group" as const, sender: DEFAULT_SENDER_OPEN_ID },
  { name: "group-member", chatType: "group" as const, sender: MEMBER },
  { name: "p2p-admin", chatType: "p2p" as const, sender: DEFAULT_SENDER_OPEN_ID },
  { name: "p2p-member", chatType: "p2p" as const, sender: MEMBER },
];
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined;

const quote = (text: string) => ["```text", text, "```"].join("\n");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The reply a message got, once it shows its answer (a working card is patched in place). */
async function answerTo(messageId: string): Promise<{ messageId: string; card: unknown } | undefined> {
  try {
    return await waitFor(
      () => {
        const reply = emulator.messages().find((m) => m.parentId === messageId && m.sender.type === "app");
        const text = reply ? cardToText(reply.card) : "";
        // A stand-in, or a list whose totals are still being counted, is patched in place with the answer.
        return reply && !text.startsWith("【正在查询】") && !text.includes("统计中…") ? { messageId: reply.messageId, card: reply.card } : undefined;
      },
      ANSWER_WAIT_MS,
      "an answer",
    );
  } catch {
    return undefined;
  }
}

/** Presses each distinct button of a card once, as `sender`, printing the toast and the card it shows. */
async function pressEach(reply: { messageId: string; card: unknown }, sender: string): Promise<void> {
  // Each button of the card as first shown (a click that replaces the card leaves the others valid).
  const labels = new Set<string>();
  for (const [index, button] of buttons(reply.card).entries()) {
    if (labels.has(button.label)) continue;
    labels.add(button.label);
    const before = emulator.sent().length;
    const clicked = await emulator.pushCardAction({ value: button.value, openMessageId: reply.messageId, operatorOpenId: sender });
    await sleep(SETTLE_MS);
    const inThread = () => emulator.sent().slice(before).find((s) => s.kind === "reply" && s.parentId === reply.messageId);
    // A button that opens in the thread says so at once; its card follows when its query is done.
    const opened = clicked.toast?.content === "已在话题中发送" ? await waitFor(inThread, ANSWER_WAIT_MS, "the card opened in the thread").catch(() => undefined) : inThread();
    const parts = [`- button ${index + 1} "${button.label}":`];
    if (clicked.toast) parts.push(`toast (${clicked.toast.type}) "${clicked.toast.content}"`);
    if (clicked.clientError) parts.push(`client error ${clicked.clientError.code}`);
    if (clicked.cardReplaced) parts.push("card replaced:");
    else if (opened) parts.push("opened in the thread:");
    console.log(parts.join(" "));
    const shown = clicked.cardReplaced ? emulator.messages().find((m) => m.messageId === reply.messageId)?.card : opened?.card;
    if (shown) console.log("\n" + quote(cardToText(shown)) + "\n");
  }
}

try {
  console.log(`# Trial transcript\n\nSandbox tenant: busy meeting number ${notable.busyMeetingNo}, meeting id ${notable.largeMeetingId}, busiest reservation day ${notable.busiestReservationDay}.\n`);
  for (const role of roles) {
    if (only !== undefined && role.name !== only) continue;
    // p2p chats are per person: a member's direct chat is their own.
    const chatId = role.chatType === "p2p" ? `oc_trial_p2p_${role.sender}` : undefined;
    console.log(`\n## ${role.name}\n`);
    for (const text of commands) {
      const pushed = await emulator.pushMessage({ text, chatType: role.chatType, senderOpenId: role.sender, ...(chatId ? { chatId } : {}) });
      console.log(`### \`${text}\`\n`);
      const reply = await answerTo(pushed.messageId);
      if (!reply) {
        console.log(`(no reply within ${ANSWER_WAIT_MS / 1000} s; HTTP ${pushed.status})\n`);
        continue;
      }
      console.log(quote(cardToText(reply.card)) + "\n");
      await pressEach(reply, role.sender);
      console.log("");
    }
    if (role.chatType === "group") {
      const digest = [...emulator.messages(SANDBOX_CHATS.group)].reverse().find((m) => m.sender.type === "app" && m.parentId === undefined);
      if (digest) {
        console.log("### the digest's buttons\n\n" + quote(cardToText(digest.card)) + "\n");
        await pressEach({ messageId: digest.messageId, card: digest.card }, role.sender);
      } else console.log("(no digest in the group yet)\n");
    }
  }
} finally {
  await sandbox.close();
}
