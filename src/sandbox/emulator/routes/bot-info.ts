/** GET /open-apis/bot/v3/info: the bot's own identity. */
import type { GatewayRoute } from "../gateway/gateway.js";
import type { RouteDeps } from "./deps.js";

export function botInfoRoute(deps: RouteDeps): GatewayRoute<"bot_info"> {
  return {
    name: "bot_info",
    envelope: "flat",
    handler: () => ({
      data: {
        bot: {
          activate_status: 2,
          app_name: deps.bot.name,
          avatar_url: "https://s1-imfile.feishucdn.com/static-resource/v1/sandbox-bot-avatar~?image_size=72x72",
          ip_white_list: [],
          open_id: deps.bot.openId,
        },
      },
    }),
  };
}
