/**
 * One turn of the pipeline: a message or a click, on its way from ingress to an answer. Messages and
 * clicks run the same steps (pipeline.ts); they differ only in where they come from and how the
 * answer leaves (the responders in app/respond/).
 */
import type { CommandName, Opens } from "../../commands/actions.js";
import type { AnyCommand } from "../../commands/define.js";
import type { Cursor } from "../../commands/paging.js";
import type { ErrorView, Locale, View } from "../../commands/types.js";
import type { UsageView } from "../../commands/usage.js";
import type { ErrorCode } from "../../errors/coded.js";
import type { CardAction, IncomingMessage } from "../../ingress/types.js";
import type { BotIdentity } from "../botIdentity.js";

export type TurnSource = { kind: "message"; message: IncomingMessage } | { kind: "click"; action: CardAction };

/** Why a turn was not run, as the asker is told: a card for a message, a toast for a click. */
export type Refusal =
  | { reason: "chat" }
  /** `sub`: the sub-command only admins may run, when the rest of the command is open to the asker (`run` of /digest). */
  | { reason: "admins"; command: CommandName; sub?: string }
  | { reason: "rate"; retryAfterSeconds: number }
  | { reason: "busy"; busy: "queue-full" | "shutting-down" }
  /** A click whose value is not sealed by this bot, or was altered. */
  | { reason: "forged" }
  /** A click on a card made for another chat (forwarded, or its value copied). */
  | { reason: "other-chat" }
  /** A click past the card's 14 days. */
  | { reason: "expired" }
  /** A sealed value this bot no longer understands (a card from an older version). */
  | { reason: "stale" };

/** How a turn's answer leaves. The pipeline calls exactly one of these, or neither (silence). */
export interface Responder {
  /**
   * The command's answer: a reply card to a message; for a click, the clicked card replaced, or a
   * reply in its thread when the button opens there. `finalFollows`: a final view will `update` it.
   */
  view(view: View, more?: { finalFollows: true }): Promise<void>;
  /**
   * The final view of an answer in two steps, replacing the first `view` in place: a message's reply
   * patched; a click's card updated by token after the callback's answer (or its thread reply patched).
   */
  update(view: View): Promise<void>;
  /**
   * An intermediate view of a two-step answer while its final view is made (days loaded so far):
   * shown in place of the first, throttled; none arrives after `update`. Absent: progress is not shown.
   */
  progress?(view: () => View): void;
  /**
   * A failure's card (chosen by errors-to-cards): the reply to a message; for a click, a toast, so
   * a passing failure (a rate limit, a timeout) never wipes a card the whole chat sees.
   */
  error(view: ErrorView | UsageView): Promise<void>;
  refuse(refusal: Refusal): Promise<void>;
  /**
   * Tells the asker their command waits behind others and its answer will follow (a message's
   * busy card, merged per chat; nothing for a click). Not an answer: the answer still comes.
   */
  delayed(): Promise<void>;
  /**
   * Tells the asker their command is running and slow (a message's "working on it" card; nothing
   * for a click, whose own budget decides). Not an answer: the answer then replaces that card in place.
   */
  working(): Promise<void>;
  /**
   * A click on an Export button (`opens: "file"`), its job recorded: tells the clicker the file is
   * on its way (a toast), the card left as it is. Only a click's responder has it: no message asks.
   */
  exporting?(): Promise<void>;
  /** True once view, error, refuse or exporting has been called. */
  readonly answered: boolean;
}

/** What parse found: the command, its arguments (passed by its own schema) and, for a click, the cursor. */
export interface CommandRequest {
  command: AnyCommand;
  /** The words typed after the command word, for a message, until the arguments step reads them. */
  words?: readonly string[];
  /** Passed by the command's own schema: read from the words, or a sealed click's. */
  args?: unknown;
  cursor?: Cursor;
  /** A click's: where the answer goes, as the sealed button declared it (commands/actions.ts `Opens`); absent, in place of the card. */
  opens?: Opens;
  /** A click on a digest's button: the digest's name, from inside the seal; authorise honours it for that digest's chats. */
  fromDigest?: string;
}

export interface Turn {
  readonly source: TurnSource;
  /** The chat the message was sent in, or the clicked message's chat ("" when Feishu did not say). */
  readonly chatId: string;
  readonly senderOpenId: string;
  /** The message answered, or the clicked card's message. */
  readonly messageId: string;
  readonly locale: Locale;
  /** Replaced once, by the first step (recorded.ts), with one that notes how the turn was answered. */
  respond: Responder;
  /**
   * When the event arrived (ms since the epoch, real time): a message's time in the inbox, a click's
   * callback arrival. The time to its answer is measured from here.
   */
  readonly receivedAt?: number;
  /** The code of the error errors-to-cards answered for (recorded.ts counts the turn by it). */
  failure?: ErrorCode;
  /** From Feishu only: the message event's chat_type; for a click, looked up once its seal verifies. */
  chatType?: "p2p" | "group";
  /** A click's chat type while Feishu is being asked (chat-type.ts); it never rejects (a failure reads as a group). */
  chatTypeLookup?: Promise<"p2p" | "group">;
  request?: CommandRequest;
  /** The bot as it knows itself (the mention step's finding), for reading a message's text. */
  bot?: BotIdentity;
  /**
   * A refusal decided on arrival but answered in the chat's queue (the per-person rate's notice), so
   * it never overtakes the answers to the asker's earlier messages.
   */
  deferred?: Refusal;
  /**
   * Set while a two-step answer's final view is being made: its first card is out and says the
   * rest is coming, so a failure then replaces that card rather than leaving it promising.
   */
  finalPending?: boolean;
  /**
   * Lets the chat's next message go ahead (queued.ts) while this turn finishes: a two-step answer
   * calls it once its first card is out, so counting the rest never holds up the chat.
   */
  releaseChat?: () => void;
  /** For a click: when the clicked card was issued. Its replacement keeps that time, as Feishu counts 14 days from the message. */
  issuedAt?: number;
}

/** A step: does its part and calls `next` to go on, or answers (or stays silent) and stops. */
export type Middleware = (turn: Turn, next: () => Promise<void>) => Promise<void>;

/** Runs the steps in order; each decides whether the rest run. */
export function compose(steps: readonly Middleware[]): (turn: Turn) => Promise<void> {
  return (turn) => {
    const at = (i: number): Promise<void> => (i < steps.length ? steps[i]!(turn, () => at(i + 1)) : Promise.resolve());
    return at(0);
  };
}
