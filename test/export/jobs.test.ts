/**
 * Export jobs outlive the process that answered the click: recorded in the store's durable inbox
 * before the toast, claimed and run by whoever looks next. A job run twice (resumed after a crash
 * between upload and send) sends with the same uuid, which Feishu posts once.
 */
import { describe, expect, it } from "vitest";
import { createExportJobs, isExportJob, type ExportJob } from "../../src/app/export-jobs.js";
import { createCardRenderer } from "../../src/app/render.js";
import { createButtonSeal } from "../../src/cards/seal.js";
import type { FeishuGateway } from "../../src/feishu/gateway.js";
import { silentLogger } from "../../src/log/logger.js";
import { MemoryStore } from "../../src/store/memory.js";
import { reservation } from "../commands/rooms/fixtures.js";
import { testDeps } from "../helpers/context.js";

function recordingGateway() {
  const uploads: string[] = [];
  const replies: Array<{ messageId: string; fileKey: string; uuid: string }> = [];
  const gateway = {
    uploadFile: async (upload: { fileName: string }) => {
      uploads.push(upload.fileName);
      return `file_${uploads.length}`;
    },
    replyFile: async (messageId: string, fileKey: string, uuid: string) => {
      replies.push({ messageId, fileKey, uuid });
      return { messageId: `om_file_${replies.length}`, chatId: "oc_1" };
    },
    listRooms: async () => ({ items: [{ roomId: "omm_a", name: "Room A", roomLevelId: "omb_1" }], hasMore: false, pageToken: undefined }),
    listRoomLevels: async () => ({ items: [], hasMore: false, pageToken: undefined }),
    listReservations: async () => ({ items: [reservation()], hasMore: false, pageToken: undefined }),
  } as unknown as FeishuGateway;
  return { gateway, uploads, replies };
}

describe("export jobs", () => {
  it("are recorded durably once per card, clicker and button, and a job resumed elsewhere sends with the same uuid", async () => {
    const store = new MemoryStore();
    const { gateway, uploads, replies } = recordingGateway();
    const commandDeps = testDeps({ gateway, now: () => Date.parse("2026-03-03T12:00:00+08:00") });
    const render = createCardRenderer(createButtonSeal(commandDeps.config.feishu), "zh", silentLogger());
    let woken = 0;
    const jobs = createExportJobs({ store, commandDeps, render, logger: silentLogger(), dedupeTtlMs: 60_000, wake: () => (woken += 1) });
    const job = { cmd: "rooms" as const, args: { date: "2026-03-02" }, chatId: "oc_1", chatType: "group" as const, messageId: "om_card", operatorOpenId: "ou_1", locale: "zh" as const, issuedAt: 1 };
    const value = { sealed: "v1" };

    expect(await jobs.record(job, value)).toBe(true);
    expect(await jobs.record(job, value)).toBe(false);
    expect(await jobs.record({ ...job, operatorOpenId: "ou_2" }, value)).toBe(true);
    expect(woken).toBe(2);

    // A worker of another process claims the first job from the store, runs it, dies before completing it…
    const claimed = (await store.inbox.claim("process-a", 10))!;
    const payload = JSON.parse(claimed.payload) as object;
    expect(isExportJob(payload)).toBe(true);
    await jobs.run(payload as ExportJob);
    // …and the next worker, once the lease lapses, runs it again: same file message uuid.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await store.inbox.claim("process-b", 10_000);
    expect(again?.id).toBe(claimed.id);
    await jobs.run(JSON.parse(again!.payload) as ExportJob);
    expect(uploads).toEqual(["会议室预定 2026-03-02.xlsx", "会议室预定 2026-03-02.xlsx"]);
    expect(replies).toHaveLength(2);
    expect(replies[0]!.uuid).toBe(replies[1]!.uuid);
    expect(replies[0]!.messageId).toBe("om_card");
  });
});
