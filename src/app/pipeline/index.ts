/**
 * The one pipeline messages and clicks run through, as Bolt's middleware:
 * (the turn's outcome and answer time recorded) → mention → chat allow-list → per-person rate (a message's) → (a message waits its turn in its chat's queue) →
 * (a slow message's "working on it" card, replaced by its answer) → errors become cards → parse → per-person
 * rate (a click's: a page turn or a command, known once its value is read) → authorise the command → read its arguments → authorise the
 * arguments → (a click's chat type from Feishu, when the answer depends on it) → (an Export click:
 * its job recorded, a toast) → run; the turn's
 * responder renders and replies or answers.
 */
import type { CommandDeps } from "../../commands/types.js";
import type { Logger } from "../../log/logger.js";
import { noMetrics, type MetricsRecorder } from "../../metrics/index.js";
import type { ButtonSeal } from "../../cards/seal.js";
import type { BotIdentity } from "../botIdentity.js";
import type { ChatTypes } from "../chatTypes.js";
import type { ExportJobs } from "../export-jobs.js";
import type { ChatQueue } from "../queue.js";
import type { UserRate } from "../userRate.js";
import { readArguments } from "./arguments.js";
import { authoriseArguments, authoriseCommand } from "./authorise.js";
import { chatType } from "./chat-type.js";
import { allowedChat } from "./chat-allowed.js";
import { errorsToCards } from "./errors-to-cards.js";
import { exported } from "./export.js";
import { mentioned } from "./mention.js";
import { parse } from "./parse.js";
import { clickRate, personRate } from "./person-rate.js";
import { queued } from "./queued.js";
import { recorded } from "./recorded.js";
import { run } from "./run.js";
import { working } from "./working.js";
import { compose, type Turn } from "./turn.js";

export type { Refusal, Responder, Turn } from "./turn.js";
export { CARD_LIFETIME_SECONDS } from "./open-click.js";

export interface PipelineDeps {
  commandDeps: CommandDeps;
  identity: { get(): Promise<BotIdentity> };
  userRate: UserRate;
  queue: ChatQueue;
  seal: ButtonSeal;
  chatTypes: ChatTypes;
  logger: Logger;
  /** How long a message may wait in its chat's queue before its asker is told the answer will follow. */
  delayedNoticeAfterMs?: number;
  /** How long a message's command may run before its asker sees a "working on it" card (default 0.7 s). */
  workingNoticeAfterMs?: number;
  /** Told how each command turn ended and how long its answer took; nothing recorded without it. */
  metrics?: Pick<MetricsRecorder, "commands" | "replies">;
  /** Where Export clicks' jobs go (export-jobs.ts); without it an Export click is refused as stale. */
  exports?: ExportJobs;
}

export function createPipeline(deps: PipelineDeps): (turn: Turn) => Promise<void> {
  const { config } = deps.commandDeps;
  return compose([
    recorded(deps.metrics ?? noMetrics),
    mentioned(deps.identity, deps.logger),
    allowedChat(config, deps.logger),
    personRate(deps.userRate, deps.logger),
    queued(deps.queue, deps.logger, deps.delayedNoticeAfterMs),
    working(deps.logger, deps.workingNoticeAfterMs),
    errorsToCards(deps.commandDeps, deps.logger),
    parse(deps),
    clickRate(deps.userRate, deps.logger),
    authoriseCommand(config, deps.logger, deps.commandDeps.digests),
    readArguments(deps.commandDeps),
    authoriseArguments(config, deps.logger, deps.commandDeps.digests),
    chatType(deps.chatTypes),
    exported(deps.exports),
    run(deps.commandDeps),
  ]);
}
