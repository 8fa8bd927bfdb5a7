/**
 * One definition per command: the words that run it, who may run it, one argument schema for typed
 * text and sealed button state alike, a query step (arguments → data, through the gateway) and a view
 * step (data → plain view model). The registry (registry.ts) lists the definitions; the parser, /help,
 * the access check, the pipeline and the digests all read them from there.
 */
import type * as z from "zod";
import type { AccessCommand } from "../config/access-schema.js";
import type { SandboxSamples } from "../config/types.js";
import type { CommandName, PickKind } from "./actions.js";
import type { ExportFile } from "./export.js";
import type { CommandAnswer, CommandContext, Locale, View } from "./types.js";
import { quoted } from "./pick-option.js";
import { UsageError } from "./usage.js";

/** The words that run a command, from its word table: the English name first, then the aliases. */
export interface CommandWords {
  en: readonly [string, ...string[]];
  zh: readonly string[];
}

/** When and where typed text is read: "today" is a calendar day in the bot's time zone. */
export interface TextClock {
  now: number;
  timeZone: string;
}

/**
 * What examples are made for: the bot's clock (dates in examples are relative to its today, so each
 * is accepted on the day it is shown), the configured digests' names, and in sandbox mode what the
 * emulator's tenant holds.
 */
export interface ExampleContext extends TextClock {
  digests: readonly string[];
  samples?: SandboxSamples;
}

/** What /help and the usage card say about a command. */
export interface CommandHelp {
  usage: Record<Locale, string>;
  summary: Record<Locale, string>;
  /**
   * Example invocations shown on the usage card when the arguments are wrong, made when shown: each
   * must be accepted at `at` (test/commands/examples.test.ts runs every one through its command).
   */
  examples(at: ExampleContext): readonly string[];
}

/**
 * Who may run a command. `configured`: whoever `access.commands.<name>` in app.yaml names (everyone
 * or admins), so only commands app.yaml knows may say it; `everyone` otherwise. `adminsOnly` narrows
 * it by arguments: it names the sub-command these arguments run when only admins may run it (a
 * digest preview, `run`, posts organisation-wide figures into the chat), so a refusal says which.
 */
export interface CommandAccess<N extends CommandName, A> {
  audience: N extends AccessCommand ? "configured" | "everyone" : "everyone";
  adminsOnly?: (args: A) => string | undefined;
}

export interface CommandDefinition<N extends CommandName = CommandName, A = unknown, D = unknown, V extends View = View> {
  name: N;
  words: CommandWords;
  help: CommandHelp;
  access: CommandAccess<N, A>;
  /**
   * The one schema of the arguments. Typed text passes it after `fromText`; a click's sealed `args`
   * pass it as they are, so a button can only ever ask for what a person could type, plus the state
   * (windows, header figures) that only the bot's own sealed buttons carry.
   */
  args: z.ZodType<A>;
  /**
   * Typed words → candidate arguments for `args`, with relative words ("today", "昨天") resolved on
   * `clock`. Throws UsageError for what it cannot read. Checks that depend on when the command runs
   * (a day still inside Feishu's 90 days) belong in `query`, which clicks reach too.
   */
  fromText(words: readonly string[], clock: TextClock): unknown;
  query(args: A, ctx: CommandContext): Promise<D>;
  view(data: D, ctx: CommandContext): V;
  /**
   * An answer in two steps: the rest of the work, done after the first view is out, whose data makes
   * the final view; undefined when the first view is already the whole answer. While it works it may
   * hand `progress` the data so far (days loaded of a period): each makes an intermediate view the
   * responder may show, throttled, and never after the final one.
   */
  settle?(data: D, ctx: CommandContext): ((progress: (data: D) => void) => Promise<D>) | undefined;
  /**
   * True when the answer to these arguments depends on the chat type (a meeting's password): a click
   * then asks Feishu for it. Only those that do ask, so turning a list's pages costs no lookup.
   */
  usesChatType?(args: A): boolean;
  /**
   * The whole data behind the card as tables, for its Export button (ButtonAction `opens: "file"`);
   * absent for commands whose cards have nothing to export.
   */
  export?(data: D, ctx: CommandContext): ExportFile;
  /**
   * A picker on the card was used: the sealed `args` with the client's `option` (a date picker's
   * "2026-11-30 +0800", a select's option value) merged in, as candidate arguments for `args`.
   * The option is as untrusted as typed text: a value the hook cannot read is a UsageError, and
   * what it makes still passes the schema and the query's own checks. Absent: the card has no pickers.
   */
  pick?(args: A, pick: PickKind, option: string, clock: TextClock): unknown;
  /**
   * The query's everything mode, for an Export: the same data, holding every row of the list rather
   * than the page a card shows (bounded, and saying so); absent when `query` already fetches it all
   * (a day's reservations, a meeting's participants). The export runs it in place of `query`.
   */
  queryAll?(args: A, ctx: CommandContext): Promise<D>;
}

/** Any command's definition, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry is checked against its own name in registry.ts
export type AnyCommand = CommandDefinition<CommandName, any, any, View>;

/** Identity at runtime; at compile time it ties the arguments, data and view of one command together. */
export function defineCommand<N extends CommandName, A, D, V extends View>(
  definition: CommandDefinition<N, A, D, V>,
): CommandDefinition<N, A, D, V> {
  return definition;
}

/** The command's answer: its query, then its view; and when it answers in two steps, the way to its final view. */
export async function runCommand<A, D, V extends View>(
  command: Pick<CommandDefinition<CommandName, A, D, V>, "query" | "view" | "settle">,
  args: A,
  ctx: CommandContext,
  /** The context the view is made in, when part of it is still being learned during the query (a click's chat type). */
  viewContext: Promise<CommandContext> = Promise.resolve(ctx),
): Promise<CommandAnswer<V>> {
  const data = await command.query(args, ctx);
  const shown = await viewContext;
  const view = command.view(data, shown);
  const rest = command.settle?.(data, shown);
  if (!rest) return { view };
  // Progress views are made only when the responder shows one (at most one every second or so), not per report.
  return { view, final: async (progress) => command.view(await rest((partial) => progress?.(() => command.view(partial, shown))), shown) };
}

/**
 * The command's whole data, what an export is made from: its everything mode (`queryAll`) where it
 * has one, else its query; then, when it answers in two steps, the rest of the work to the end (a
 * period's reservations arrive only after the query).
 */
export async function runQueryAndSettle<A, D>(
  command: Pick<CommandDefinition<CommandName, A, D>, "query" | "queryAll" | "settle">,
  args: A,
  ctx: CommandContext,
): Promise<D> {
  const data = await (command.queryAll ?? command.query)(args, ctx);
  const rest = command.settle?.(data, ctx);
  return rest ? rest(() => {}) : data;
}

/** The command's whole answer at once: its final view when it answers in two steps (a digest's section, a test). */
export async function runQueryAndView<A, D, V extends View>(
  command: Pick<CommandDefinition<CommandName, A, D, V>, "query" | "view" | "settle">,
  args: A,
  ctx: CommandContext,
): Promise<V> {
  const answer = await runCommand(command, args, ctx);
  return answer.final ? answer.final() : answer.view;
}

/**
 * Typed words → the command's arguments. A candidate the schema refuses is a usage mistake: the
 * words parsed, but into something no command may be asked (a filter too long, say).
 */
export function argsFromText<A>(command: Pick<CommandDefinition<CommandName, A>, "name" | "args" | "fromText">, words: readonly string[], clock: TextClock): A {
  const parsed = command.args.safeParse(command.fromText(words, clock));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "";
  throw new UsageError(command.name, {
    zh: `看不懂这些参数${where ? `（${where}）` : ""}：${words.join(" ")}`,
    en: `These arguments are not understood${where ? ` (${where})` : ""}: ${words.join(" ")}`,
  });
}

/**
 * A picker's arguments: the sealed ones with the picked option merged in by the command's `pick`,
 * through the schema. Unlike a sealed value, what the client picked is a usage mistake when refused.
 */
export function argsFromPick<A>(
  command: Pick<CommandDefinition<CommandName, A>, "name" | "args" | "pick">,
  args: A,
  pick: PickKind,
  option: string,
  clock: TextClock,
): A {
  if (!command.pick) return args;
  const parsed = command.args.safeParse(command.pick(args, pick, option, clock));
  if (parsed.success) return parsed.data;
  throw new UsageError(command.name, {
    zh: `看不懂这个选项：「${quoted(option)}」`,
    en: `This option is not understood: "${quoted(option)}"`,
  });
}

/** A sealed button's arguments, or undefined when the command's schema refuses them (a card from an older bot). */
export function argsFromButton<A>(command: Pick<CommandDefinition<CommandName, A>, "args">, value: unknown): A | undefined {
  const parsed = command.args.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
