/**
 * What each documented Feishu error code means for the person who typed the command, and what they
 * or an administrator can do about it. Codes from the five API pages, the token and rate-limit pages.
 */
import type { Locale } from "../config/types.js";
import type { FeishuEndpoint } from "../feishu/types.js";

interface Words {
  title: string;
  message: string;
  hint?: string;
}

export type ErrorText = Record<Locale, Words>;

const ADMIN_PERMISSION: ErrorText = {
  zh: {
    title: "没有权限查看会议数据",
    message: "飞书拒绝了查询：应用没有访问这些会议数据的权限。",
    hint: "请管理员在飞书管理后台为应用的创建者开通视频会议的管理权限，并确认应用已发布。",
  },
  en: {
    title: "No permission for meeting data",
    message: "Feishu refused the query: the app may not read this meeting data.",
    hint: "An administrator needs to give the app's creator the meeting-management permission in the Feishu admin console, and publish the app.",
  },
};

export const ERROR_TEXTS: Record<number, ErrorText> = {
  121001: {
    zh: { title: "飞书暂时出错了", message: "飞书服务内部错误。", hint: "请稍后再试；如果一直失败，请联系管理员。" },
    en: { title: "Feishu had an internal error", message: "The Feishu service failed internally.", hint: "Try again later; if it keeps failing, tell an administrator." },
  },
  121002: {
    zh: { title: "飞书暂不支持这个查询", message: "这个租户不支持该查询。", hint: "如果设置了 report.unit（数据驻留地），请确认租户开通了多驻留地查询。" },
    en: { title: "Feishu does not support this query", message: "This tenant does not support the query.", hint: "If app.yaml sets report.unit (data residency), check that the tenant has multi-residency queries enabled." },
  },
  121003: {
    zh: { title: "查询参数有误", message: "飞书认为这次查询的参数不合法。", hint: "请检查命令里的日期范围和编号。" },
    en: { title: "Invalid query", message: "Feishu considers the query's parameters invalid.", hint: "Check the dates and numbers in the command." },
  },
  121004: {
    zh: { title: "没有找到", message: "没有找到对应的数据：会议可能不存在，或已超过 90 天。", hint: "飞书只保留最近 90 天的会议数据。" },
    en: { title: "Not found", message: "No such data: the meeting may not exist, or is older than 90 days.", hint: "Feishu keeps meeting data for the last 90 days only." },
  },
  121005: ADMIN_PERMISSION,
  126005: {
    zh: { title: "开始时间不对", message: "会议室预定只能查询今天或以前的日期。" },
    en: { title: "Start time not allowed", message: "Room reservations can only be queried for today or earlier." },
  },
  126006: {
    zh: { title: "时间范围不对", message: "会议室预定一次最多查询一天。" },
    en: { title: "Time window not allowed", message: "Room reservations can be queried one day at a time." },
  },
  211004: {
    zh: { title: "需要企业版或旗舰版", message: "消息推送统计只对飞书企业版、旗舰版租户开放。" },
    en: { title: "Enterprise edition required", message: "Message push statistics are available to Feishu Enterprise and Flagship tenants only." },
  },
  211005: {
    zh: { title: "应用 ID 无效", message: "飞书不认识这个应用 ID。", hint: "请管理员检查 FEISHU_APP_ID。" },
    en: { title: "Invalid app id", message: "Feishu does not know this app id.", hint: "An administrator should check FEISHU_APP_ID." },
  },
  211007: {
    zh: { title: "日期格式不对", message: "日期需要写成 YYYY-MM-DD。" },
    en: { title: "Invalid date format", message: "Dates are written YYYY-MM-DD." },
  },
  211010: {
    zh: { title: "日期范围不对", message: "按周查询要从周一开始，按月查询要从 1 号开始。" },
    en: { title: "Invalid date range", message: "A week starts on a Monday and a month on the 1st." },
  },
  // /pushstats shows a due period's 211011 as "no pushes"; this card is for the rest (data not produced yet).
  211011: {
    zh: { title: "没有数据", message: "飞书没有这段时间的推送数据：可能机器人这段时间没有推送消息，或数据还没有生成。", hint: "飞书一般在每天上午 10 点产出两天前的数据。" },
    en: { title: "No data", message: "Feishu has no push data for this period: the bot may have pushed nothing, or the data is not produced yet.", hint: "Feishu usually publishes the data of two days ago at 10:00 each morning." },
  },
  99991400: {
    zh: { title: "查询太频繁了", message: "飞书接口限流了。", hint: "请约 {seconds} 秒后再试。" },
    en: { title: "Too many requests", message: "The Feishu API is rate limiting this app.", hint: "Try again in about {seconds} seconds." },
  },
  99991661: {
    zh: { title: "应用认证失败", message: "请求没有带上访问凭证。", hint: "请管理员检查 FEISHU_APP_ID 和 FEISHU_APP_SECRET。" },
    en: { title: "Authentication failed", message: "The request carried no access token.", hint: "An administrator should check FEISHU_APP_ID and FEISHU_APP_SECRET." },
  },
  99991663: {
    zh: { title: "应用认证失败", message: "访问凭证无效或已过期，重新获取后仍然失败。", hint: "请管理员检查 FEISHU_APP_ID 和 FEISHU_APP_SECRET。" },
    en: { title: "Authentication failed", message: "The access token was invalid or expired, even after fetching a new one.", hint: "An administrator should check FEISHU_APP_ID and FEISHU_APP_SECRET." },
  },
  99991672: {
    zh: { title: "应用缺少权限", message: "应用没有开通这个查询需要的权限 {scope}。", hint: "请管理员在开发者后台「权限管理」中开通 {scope}，然后发布新版本。" },
    en: { title: "The app lacks a permission", message: "The app does not have the scope {scope} this query needs.", hint: "An administrator should add {scope} under Permissions & Scopes in the developer console, then publish a new version." },
  },
  10003: {
    zh: { title: "应用认证失败", message: "飞书拒绝了应用的凭证。", hint: "请管理员检查 FEISHU_APP_ID 和 FEISHU_APP_SECRET。" },
    en: { title: "Authentication failed", message: "Feishu refused the app's credentials.", hint: "An administrator should check FEISHU_APP_ID and FEISHU_APP_SECRET." },
  },
  10014: {
    zh: { title: "应用认证失败", message: "应用密钥不正确。", hint: "请管理员检查 FEISHU_APP_SECRET。" },
    en: { title: "Authentication failed", message: "The app secret is wrong.", hint: "An administrator should check FEISHU_APP_SECRET." },
  },
};

/** A room level that names no level: rooms.room_level_id in app.yaml is wrong. */
const UNKNOWN_ROOM_LEVEL: ErrorText = {
  zh: {
    title: "找不到配置的会议室层级",
    message: "飞书说 app.yaml 里 rooms.room_level_id 配置的层级不存在。",
    hint: "请管理员改成正确的层级 ID（omb_ 开头），或删掉这一项，让机器人使用整个企业的会议室。",
  },
  en: {
    title: "The configured room level does not exist",
    message: "Feishu says the level named by rooms.room_level_id in app.yaml does not exist.",
    hint: "An administrator should set it to a valid level id (omb_…), or remove it so the bot covers every room of the organisation.",
  },
};

/**
 * Where one code means something else from one endpoint. Meeting get answers 121005 both for a
 * missing admin permission and for a meeting outside the app's reach (seed 001: only meetings that
 * belong to you); the reservation list's 121004 is a malformed request, not a missing meeting; the
 * room lists' 121004 is a configured level that does not exist.
 */
export const ENDPOINT_ERROR_TEXTS: Partial<Record<FeishuEndpoint, Record<number, ErrorText>>> = {
  meeting_get: {
    121005: {
      zh: {
        title: "没有权限查看这场会议",
        message: "飞书不允许机器人查看这场会议：要么应用的创建者没有视频会议的管理权限，要么这场会议不属于本企业。",
        hint: "请管理员在飞书管理后台为应用的创建者开通视频会议的管理权限；并确认会议 ID 来自本企业的会议。",
      },
      en: {
        title: "No permission to see this meeting",
        message: "Feishu does not let the bot see this meeting: either the app's creator lacks the meeting-management permission, or the meeting is not your organisation's.",
        hint: "An administrator should give the app's creator the meeting-management permission in the Feishu admin console, and check that the id is of one of your organisation's meetings.",
      },
    },
  },
  reservation_list: { 121004: ERROR_TEXTS[121003]! },
  room_list: { 121004: UNKNOWN_ROOM_LEVEL },
  room_level_list: { 121004: UNKNOWN_ROOM_LEVEL },
};

/** For failures without a documented code of their own. */
export const FALLBACK = {
  unreachable: {
    zh: { title: "连不上飞书", message: "飞书接口没有及时响应。", hint: "请稍后再试。" },
    en: { title: "Feishu did not answer", message: "The Feishu API did not answer in time.", hint: "Please try again in a moment." },
  },
  busy: {
    zh: { title: "飞书暂时繁忙", message: "飞书接口暂时不可用。", hint: "请稍后再试。" },
    en: { title: "Feishu is busy", message: "The Feishu API is temporarily unavailable.", hint: "Please try again in a moment." },
  },
  refused: {
    zh: { title: "飞书拒绝了这个请求", message: "飞书返回了错误。", hint: "请检查应用的权限配置，或联系管理员。" },
    en: { title: "Feishu refused the request", message: "Feishu answered with an error.", hint: "Check the app's permissions, or ask an administrator." },
  },
  usage: {
    zh: { title: "命令写得不对", message: "" },
    en: { title: "The command is not quite right", message: "" },
  },
  internal: {
    zh: { title: "出了点问题", message: "机器人处理这条命令时出错了，已记录日志。" },
    en: { title: "Something went wrong", message: "The bot failed while handling this command; the error was logged." },
  },
} satisfies Record<string, ErrorText>;
