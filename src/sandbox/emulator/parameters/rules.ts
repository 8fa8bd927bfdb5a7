/**
 * How a request parameter is declared: its type, whether Feishu requires it, its enum or bounds,
 * what the bot sends and where the rule comes from. Every endpoint's parameters are declared once,
 * in `table.ts`; the gateway checks each call against them before the route sees it.
 */

/** Where a rule was read: the SDK's TypeScript declaration, a seed page, or a reference page. */
export type RuleSource = "sdk" | "seed" | "doc";

interface RuleBase {
  required?: boolean;
  /** What the bot sends, in words (for the table in PARAMETERS.md). */
  ours: string;
  source: RuleSource;
}

export type ParamRule =
  | (RuleBase & { type: "string"; maxLength?: number })
  | (RuleBase & { type: "int"; min?: number; max?: number; default?: number })
  | (RuleBase & { type: "bool"; default?: boolean })
  | (RuleBase & { type: "enum"; values: readonly string[]; default?: string })
  /** Repeated in a query (`room_ids=a&room_ids=b`), a JSON array in a body. */
  | (RuleBase & { type: "string[]" })
  /** A JSON object in a body (a card). */
  | (RuleBase & { type: "object" })
  /** A file part of a multipart/form-data body (an upload). */
  | (RuleBase & { type: "file" });

export type ParamSection = Record<string, ParamRule>;

export interface EndpointParameters {
  method: "GET" | "POST" | "PATCH";
  path: string;
  /** The SDK method that calls it, as a property path on `Client`; none for the bot info and card update. */
  sdk?: string;
  /** The page the endpoint is documented on. */
  page: string;
  /** What the bot uses it for. */
  purpose: string;
  path_params?: ParamSection;
  query?: ParamSection;
  body?: ParamSection;
}

type ValueOf<R extends ParamRule> = R extends { type: "string" }
  ? string
  : R extends { type: "int" }
    ? number
    : R extends { type: "bool" }
      ? boolean
      : R extends { type: "enum"; values: readonly (infer V)[] }
        ? V
        : R extends { type: "string[]" }
          ? string[]
          : R extends { type: "file" }
            ? Buffer
            : Record<string, unknown>;

/** A required rule, or one with a default, always has a value; the others may be absent. */
type Present<R extends ParamRule> = R extends { required: true } ? true : R extends { default: unknown } ? true : false;

export type ParsedSection<S extends ParamSection | undefined> = S extends ParamSection
  ? { [K in keyof S as Present<S[K]> extends true ? K : never]: ValueOf<S[K]> } & {
      [K in keyof S as Present<S[K]> extends true ? never : K]?: ValueOf<S[K]>;
    }
  : Record<string, never>;

/** The checked values of one call, by section. */
export interface ParsedParams<E extends EndpointParameters> {
  path: ParsedSection<E["path_params"]>;
  query: ParsedSection<E["query"]>;
  body: ParsedSection<E["body"]>;
}
