import type { Locale } from "../config/types.js";
import type { ErrorView } from "../commands/types.js";
import { FeishuError } from "../feishu/errors.js";

/**
 * The one place a failure becomes what the user reads. Commands throw; this turns whatever was
 * thrown into an error view, so no command formats its own errors.
 */
export function errorView(error: unknown, locale: Locale): ErrorView {
  const text = TEXT[locale];
  if (error instanceof FeishuError) {
    if (error.retryable) {
      return { kind: "error", title: text.busyTitle, message: text.busyMessage, hint: text.busyHint, retryable: true };
    }
    return {
      kind: "error",
      title: text.feishuTitle,
      message: `${text.feishuMessage} (code ${error.code}${error.feishuMsg ? `: ${error.feishuMsg}` : ""})`,
      hint: text.feishuHint,
      retryable: false,
    };
  }
  return { kind: "error", title: text.internalTitle, message: text.internalMessage, retryable: true };
}

interface ErrorText {
  busyTitle: string;
  busyMessage: string;
  busyHint: string;
  feishuTitle: string;
  feishuMessage: string;
  feishuHint: string;
  internalTitle: string;
  internalMessage: string;
}

const TEXT: Record<Locale, ErrorText> = {
  zh: {
    busyTitle: "飞书暂时繁忙",
    busyMessage: "飞书接口暂时没有响应或限流了。",
    busyHint: "请稍后再试一次。",
    feishuTitle: "飞书拒绝了这个请求",
    feishuMessage: "飞书返回了错误",
    feishuHint: "请检查应用的权限配置，或联系管理员。",
    internalTitle: "出了点问题",
    internalMessage: "机器人处理这条命令时出错了，已记录日志。",
  },
  en: {
    busyTitle: "Feishu is busy",
    busyMessage: "The Feishu API did not answer in time or is rate limiting.",
    busyHint: "Please try again in a moment.",
    feishuTitle: "Feishu refused the request",
    feishuMessage: "Feishu answered with an error",
    feishuHint: "Check the app's permissions, or ask an administrator.",
    internalTitle: "Something went wrong",
    internalMessage: "The bot failed while handling this command; the error was logged.",
  },
};
