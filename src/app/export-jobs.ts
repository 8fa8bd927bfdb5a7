/**
 * Export jobs: what an Export button's click leaves to do once it has been answered (with a toast,
 * at once): the command's query in its everything mode, its tables, the .xlsx, the upload and the
 * file message replying to the clicked card in its thread. A job is recorded in the store's durable
 * inbox before the click is answered, beside the accepted messages, and the inbox worker runs it:
 * a process that dies mid-job leaves it to the next (this one restarted, or another replica). The
 * file message's uuid comes from the card, the clicker and the button, so a resumed job, a
 * redelivered click or a double click posts one file. A failure ends as an error card in the
 * thread, chosen as a turn's failure card is (pipeline/errors-to-cards.ts failureView).
 */
import { argsFromButton, runQueryAndSettle } from "../commands/define.js";
import { findCommand } from "../commands/registry.js";
import type { CommandName } from "../commands/actions.js";
import type { CommandContext, CommandDeps, Locale } from "../commands/types.js";
import { toXlsx } from "../export/xlsx.js";
import { uuidFor } from "../feishu/uuid.js";
import type { Logger } from "../log/logger.js";
import type { Store } from "../store/store.js";
import { failureView } from "./pipeline/errors-to-cards.js";
import type { CardRenderer } from "./render.js";

/** One export to make, as recorded in the inbox: everything in it was read from inside the click's seal or from Feishu. */
export interface ExportJob {
  kind: "export";
  cmd: CommandName;
  /** Passed by the command's schema when the click was read; read through it again when run. */
  args: unknown;
  chatId: string;
  chatType: "p2p" | "group";
  /** The clicked card: the file replies to it, in its thread. */
  messageId: string;
  operatorOpenId: string;
  locale: Locale;
  /** The file message's uuid (and the job's inbox id). */
  uuid: string;
  /** When the card clicked was issued (unix seconds): an error card keeps it. */
  issuedAt: number;
}

export interface ExportJobDeps {
  store: Pick<Store, "inbox">;
  commandDeps: CommandDeps;
  render: CardRenderer;
  logger: Logger;
  /** How long a job's id stays a dedupe mark (the bot's message dedupe TTL). */
  dedupeTtlMs: number;
  /** Tells the inbox worker there is work. */
  wake(): void;
}

export interface ExportJobs {
  /** Records the job durably; false when the same export (card, clicker, button) is already recorded. */
  record(job: Omit<ExportJob, "kind" | "uuid">, buttonValue: unknown): Promise<boolean>;
  run(job: ExportJob): Promise<void>;
}

export function isExportJob(payload: object): payload is ExportJob {
  return (payload as { kind?: unknown }).kind === "export";
}

export function createExportJobs(deps: ExportJobDeps): ExportJobs {
  const { commandDeps, logger } = deps;
  const gateway = commandDeps.gateway;

  async function record(job: Omit<ExportJob, "kind" | "uuid">, buttonValue: unknown): Promise<boolean> {
    const uuid = uuidFor("export", `${job.messageId}:${job.operatorOpenId}:${JSON.stringify(buttonValue)}`);
    const full: ExportJob = { kind: "export", ...job, uuid };
    const added = await deps.store.inbox.add(`export:${uuid}`, JSON.stringify(full), { dedupeTtlMs: deps.dedupeTtlMs });
    if (added) deps.wake();
    return added;
  }

  async function run(job: ExportJob): Promise<void> {
    const log = { messageId: job.messageId, cmd: job.cmd, uuid: job.uuid };
    try {
      const command = findCommand(job.cmd);
      const args = command ? argsFromButton(command, job.args) : undefined;
      if (!command?.export || args === undefined) throw new Error(`export job for a command with nothing to export: ${job.cmd}`);
      const ctx: CommandContext = {
        chatId: job.chatId,
        chatType: job.chatType,
        senderOpenId: job.operatorOpenId,
        messageId: job.messageId,
        locale: job.locale,
        deps: commandDeps,
      };
      const data = await runQueryAndSettle(command, args, ctx);
      const file = command.export(data, ctx);
      const bytes = await toXlsx(file, { timeZone: commandDeps.config.bot.timezone });
      const fileKey = await gateway.uploadFile({ fileType: "xls", fileName: file.fileName, bytes });
      const sent = await gateway.replyFile(job.messageId, fileKey, job.uuid, { inThread: true, chatId: job.chatId });
      logger.info({ ...log, reply: sent.messageId, bytes: bytes.length, rows: file.sheets.reduce((n, s) => n + s.rows.length, 0) }, "export sent");
    } catch (error) {
      logger.error({ ...log, err: error }, "export failed");
      const view = failureView(error, job.locale, commandDeps);
      const card = deps.render(view, { chatId: job.chatId, issuedAt: job.issuedAt });
      await gateway.replyCard(job.messageId, card, uuidFor("export-failed", job.uuid), { inThread: true, chatId: job.chatId });
    }
  }

  return { record, run };
}
