/** What commands produce: view models (plain data). Turning them into card JSON is the cards layer's job. */
import type { Config, Locale } from "../config/types.js";
import type { FeishuGateway } from "../feishu/gateway.js";
import type { HelpView } from "./help.js";
import type { MeetingDetailView, MeetingListView } from "./meeting/views.js";
import type { Cursor } from "./paging.js";
import type { PushStatsView } from "./pushstats/types.js";
import type { ReportView } from "./report/types.js";
import type { RoomsView } from "./rooms/view.js";
import type { RoomsPeriodView } from "./rooms/period-view.js";
import type { UsageView } from "./usage.js";
import type { DigestListView, DigestView } from "./digest/views.js";
import type { DigestBook } from "./digest/book.js";
import type { BusyView, RefusedView } from "./notices.js";
import type { WhoamiView } from "./whoami/view.js";

export type { Locale };
export type { HelpView };

export type { CommandName } from "./actions.js";

/** What a command may use to answer: the Feishu gateway, the config, and the clock. */
export interface CommandDeps {
  gateway: FeishuGateway;
  config: Config;
  /** Now, as ms since the epoch (injectable for tests). */
  now: () => number;
  /** The digests added from chat, in the state store; absent where nothing can add them (unit tests of other commands). */
  digests?: DigestBook;
}

/** Who asked, where, and in which language the answer should be. */
export interface CommandContext {
  chatId: string;
  /** "p2p" or "group", always from Feishu: the message event's chat_type, or for a click the chat's mode as Feishu reports it. */
  chatType: "p2p" | "group";
  senderOpenId: string;
  messageId: string;
  locale: Locale;
  deps: CommandDeps;
  /** Set when a card button asks for another page: where the list stands. */
  cursor?: Cursor;
}

/**
 * Something went wrong in a way the user should see. `title`, `message` and `hint` are already in
 * the user's language; they are treated as untrusted text when rendered (a Feishu `msg` may end up here).
 */
export interface ErrorView {
  kind: "error";
  title: string;
  message: string;
  hint?: string;
  /** True when trying again later may help (rate limits, timeouts). */
  retryable?: boolean;
}

/** Every view model a command can produce, told apart by `kind`. Each kind has exactly one card renderer. */
export type View = HelpView | ErrorView | UsageView | RoomsView | RoomsPeriodView | ReportView | PushStatsView | MeetingListView | MeetingDetailView | RefusedView | BusyView | DigestView | DigestListView | WhoamiView;

export type ViewKind = View["kind"];

/**
 * What running a command gives: the view to show now and, for an answer in two steps, how to make
 * the final view that then replaces it in place (a total that takes seconds to count). `final` is
 * called once the first view is out, so its work never delays it.
 */
export interface CommandAnswer<V extends View = View> {
  view: V;
  /** `progress` receives intermediate views (made when called) while the final one is made (see define.ts `settle`). */
  final?: (progress?: (view: () => V) => void) => Promise<V>;
}
