/** POST /open-apis/application/v6/applications/:app_id/app_usage/message_push_overview → PushOverview. */
import type { PushOverview } from "../types.js";
import { count, list, record, text } from "./read.js";

const ENDPOINT = "push_overview";

const METRICS: Record<string, keyof PushOverview> = {
  send_msg_count: "sentMessages",
  send_user_count: "reachedUsers",
  read_in_1h_count: "readWithin1h",
  read_in_12h_count: "readWithin12h",
};

/** Metrics Feishu adds later are ignored; the four known ones default to 0 when absent. */
export function normalizePushOverview(data: unknown): PushOverview {
  const overview: PushOverview = { sentMessages: 0, reachedUsers: 0, readWithin1h: 0, readWithin12h: 0 };
  list(ENDPOINT, record(ENDPOINT, data, "data").items, "data.items").forEach((value, i) => {
    const item = record(ENDPOINT, value, `data.items[${i}]`);
    const key = METRICS[text(item.metric_name)];
    if (key) overview[key] = count(ENDPOINT, item.metric_value, `data.items[${i}].metric_value`);
  });
  return overview;
}
