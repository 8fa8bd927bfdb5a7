/** The validated configuration the whole bot runs on: app.yaml overlaid by the environment. */
import type { AccessCommand, Audience } from "./access-schema.js";
import type { DigestSectionInput } from "./digest-schema.js";

export type { AccessCommand, Audience };

export type Locale = "zh" | "en";

/** 0 mainland China, 1 US, 2 Singapore, 3 Japan (get_daily's `unit`). */
export type DataUnit = 0 | 1 | 2 | 3;

export interface FeishuConfig {
  /** Empty in sandbox mode until main.ts fills in the emulator's credentials. */
  appId: string;
  appSecret: string;
  encryptKey: string | undefined;
  verificationToken: string | undefined;
  /** BOT_STATE_KEY: seals button values (cards/seal.ts); when unset, a key derived from the app secret does. */
  stateKey: string | undefined;
  /** BOT_STATE_KEY_PREVIOUS: still accepted on clicks after the state key is rotated. */
  previousStateKey: string | undefined;
  /**
   * How pushes arrive: "webhook" (Feishu POSTs to /webhook/event and /webhook/card) or "websocket"
   * (the bot opens Feishu's long connection; no public URL, no encrypt key needed).
   */
  connection: "webhook" | "websocket";
  /** Open API base URL without a trailing slash. */
  domain: string;
  /** Timeout for each Open API HTTP call. */
  httpTimeoutMs: number;
}

export interface ServerConfig {
  /** PUBLIC_URL / server.public_url: the address Feishu reaches the bot at, when known (webhook mode). */
  publicUrl: string | undefined;
  port: number;
  host: string;
  /** Request bodies over this size are answered 413. */
  bodyLimitBytes: number;
  /** Signed requests whose timestamp is further than this from now are refused. */
  maxClockSkewSeconds: number;
}

export interface BotConfig {
  locale: Locale;
  /** IANA zone used for "today", date ranges and display. */
  timezone: string;
  /** open_ids allowed to run organisation-wide commands. */
  admins: string[];
  /** Meeting passwords are never shown in group chats; in direct chats only when this is true. */
  showPasswordInP2p: boolean;
  /** How long a delivered message_id / event_id is remembered to drop redeliveries. */
  dedupeTtlSeconds: number;
}

export interface RoomsConfig {
  /** Room level to list reservations for; the API falls back to the tenant level when absent. */
  roomLevelId: string | undefined;
  /** When rooms count as available for /rooms over a period: minutes after local midnight, and ISO weekdays (1 Monday … 7 Sunday). */
  workingHours: WorkingHours;
}

export interface WorkingHours {
  startMinute: number;
  endMinute: number;
  weekdays: readonly number[];
}

export interface ReportConfig {
  /** get_daily's `unit`, sent only when set: only tenants with several data residencies may pass it. */
  unit: DataUnit | undefined;
}

export interface QueueConfig {
  /** Commands worked on at once, across all chats (one chat's are answered in order). */
  concurrency: number;
  /** Commands waiting beyond that; past it, the asker is told the bot is busy. */
  maxPending: number;
  /** On SIGTERM/SIGINT, how long queued commands may take to finish before the process exits. */
  shutdownTimeoutSeconds: number;
}

export interface AccessConfig {
  /** Chats (oc_…) allowed to use the bot; empty means every chat. */
  chats: string[];
  /** Who may run each command; /help is always for everyone. */
  commands: Record<AccessCommand, Audience>;
  /** Commands one person may send per minute; 0 means no limit. */
  userCommandsPerMinute: number;
}

/** One section of a digest card; `meeting` follows one meeting number. */
export type DigestSectionConfig = DigestSectionInput;

export interface DigestConfig {
  /** Unique; keys the sent-period records and names the digest in `/digest run <name>`. */
  name: string;
  /** Chats (oc_…) the digest is posted to. */
  chats: string[];
  /** 5-field cron expression, read in `timezone`. */
  cron: string;
  /** IANA zone of the cron expression and of "yesterday"; bot.timezone unless set. */
  timezone: string;
  locale: Locale;
  sections: DigestSectionConfig[];
  /** On start, a period missed by less than this is sent late; 0 sends none. */
  catchUpMinutes: number;
}

export interface StoreConfig {
  /**
   * Where the bot keeps its state (dedupe marks, inbox, digest records, locks): `sqlite:<path>` (one
   * machine, the default `sqlite:./data/bot.db` in live mode), `redis://host:port/db` (replicas),
   * `memory:` (tests, and sandbox mode's default: each sandbox keeps its own state, gone on exit).
   * REDIS_URL, when set, wins over app.yaml's store.url. It may carry a password: log it redacted.
   */
  url: string;
}

/**
 * Sandbox mode only: data that exists in the emulator's seeded tenant, so /help and the usage cards
 * can offer commands that find something. Set by the sandbox when it starts; absent in live mode.
 */
export interface SandboxSamples {
  /** Meeting numbers (9 digits) with meetings in the last 30 days, the busiest first. */
  meetingNumbers: string[];
  /** A meeting id (a large, ended meeting) that meeting get answers. */
  meetingId: string;
  /** A recent day (YYYY-MM-DD) with many room reservations. */
  busyDay: string;
  /** A word that picks out some rooms by name (a floor, "3F"). */
  roomWord: string;
  /** An open_department_id of a department with people in it. */
  departmentId: string;
}

export interface Config {
  /** "sandbox" when FEISHU_APP_ID is not set: the bot runs against its built-in emulator. */
  mode: "sandbox" | "live";
  /** Path of the YAML file that was read. */
  configPath: string;
  feishu: FeishuConfig;
  server: ServerConfig;
  bot: BotConfig;
  rooms: RoomsConfig;
  report: ReportConfig;
  queue: QueueConfig;
  access: AccessConfig;
  /** Scheduled digests, in app.yaml order. */
  digests: DigestConfig[];
  store: StoreConfig;
  /** Sandbox mode only (see SandboxSamples). */
  sandbox?: SandboxSamples;
}
