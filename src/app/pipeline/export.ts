/**
 * An Export button's click (`opens: "file"`), authorised like any click of its command: recorded as
 * an export job in the durable inbox (export-jobs.ts) and answered at once with a toast; the file
 * follows as work after the answer. Any other turn goes on to run.
 */
import type { ExportJobs } from "../export-jobs.js";
import type { Middleware } from "./turn.js";

export function exported(jobs: ExportJobs | undefined): Middleware {
  return async (turn, next) => {
    const request = turn.request;
    if (turn.source.kind !== "click" || request?.opens !== "file") return next();
    // A command with nothing to export (a value from another version), or no one to run jobs: not ours to answer.
    if (!jobs || !request.command.export || !turn.respond.exporting) {
      await turn.respond.refuse({ reason: "stale" });
      return;
    }
    const chatType = turn.chatTypeLookup ? await turn.chatTypeLookup : (turn.chatType ?? "group");
    await jobs.record(
      {
        cmd: request.command.name,
        args: request.args,
        chatId: turn.chatId,
        chatType,
        messageId: turn.messageId,
        operatorOpenId: turn.senderOpenId,
        locale: turn.locale,
        issuedAt: turn.issuedAt ?? 0,
      },
      turn.source.action.value,
    );
    await turn.respond.exporting();
  };
}
