// What the page remembers between events, in one place so every module reads the same values.

export const BOT_NAME = "会议助手";

export const state = {
  /** GET /console/api/session */
  session: null,
  /** "group" | "p2p" */
  chat: "group",
  /** "admin" | "member" */
  role: "admin",
  /** The last entry shown: entries come in seq order, and a reconnect may replay some. */
  lastSeq: 0,
  /** messageId → text of each typed message, for reply quotes */
  typedText: new Map(),
  /** chat ids with messages that arrived while another chat was shown */
  unread: new Set(),
  /** Whether the stream has sent its history: only what comes after marks a chat unread. */
  caughtUp: false,
};

/** messageId → its article, for updates in place and reply quotes. */
export const articles = new Map();
