/** The sandbox app's identity and the emulator's defaults. */

export const SANDBOX_APP_ID = "cli_a1b2c3d4e5f60718";
export const SANDBOX_APP_SECRET = "sandbox-app-secret";
export const SANDBOX_BOT_OPEN_ID = "ou_5ad0c8b1e2f3a4b5c6d7e8f9a0b1c2d3";
export const SANDBOX_BOT_NAME = "会议助手";
/** The app's verification token in pushes over the long connection, unless a webhook names another. */
export const SANDBOX_VERIFICATION_TOKEN = "sandbox-verification-token";
export const DEFAULT_TIMEZONE = "Asia/Shanghai";
export const DEFAULT_TOKEN_TTL_SECONDS = 7200;

/** Scopes the five data endpoints and messaging need; an app granted all of them. */
export const SCOPES = {
  meeting: "vc:meeting:readonly",
  report: "vc:report:readonly",
  room: "vc:room:readonly",
  roomWrite: "vc:room",
  pushStats: "application:application.app_message_stats.overview:readonly",
  /** Chat info (im-v1/chat/get) takes any one of these three; the bot needs only the read-only one. */
  chatReadonly: "im:chat:readonly",
  chatRead: "im:chat:read",
  chat: "im:chat",
  userId: "contact:user.employee_id:readonly",
  /** A department's name and ids (contact-v3/department/get); the two below would do as well. */
  department: "contact:department.base:readonly",
  contactAsApp: "contact:contact:readonly_as_app",
  contactReadonly: "contact:contact:readonly",
  /**
   * The directory's shape (contact-v3/department/children takes any one of this, contactBase,
   * contactAccessAsApp or the two above); without a name scope beside it the list carries no names.
   */
  departmentOrganize: "contact:department.organize:readonly",
  contactBase: "contact:contact.base:readonly",
  contactAccessAsApp: "contact:contact:access_as_app",
  /** Uploading a file (im-v1/file/create) takes either. */
  resource: "im:resource",
  resourceUpload: "im:resource:upload",
  message: "im:message",
  sendAsBot: "im:message:send_as_bot",
  send: "im:message:send",
  update: "im:message:update",
  groupAtMessages: "im:message.group_at_msg:readonly",
  p2pMessages: "im:message.p2p_msg:readonly",
} as const;

/**
 * Every read scope the bot needs: not `vc:room` (writing rooms), nor `im:chat` (updating chats) or
 * `im:chat:read`, which chat info would also accept in place of `im:chat:readonly`.
 */
const NOT_DEFAULT: ReadonlySet<string> = new Set([SCOPES.roomWrite, SCOPES.resourceUpload, SCOPES.chat, SCOPES.chatRead, SCOPES.contactAsApp, SCOPES.contactReadonly, SCOPES.contactBase, SCOPES.contactAccessAsApp]);
export const DEFAULT_SCOPES: readonly string[] = Object.values(SCOPES).filter((s) => !NOT_DEFAULT.has(s));
