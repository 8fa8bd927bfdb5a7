/** GET /open-apis/vc/v1/meetings/list_by_no → Page<MeetingBrief>. */
import type { MeetingBrief, Page } from "../types.js";
import { passwordOf } from "./meeting.js";
import { flag, list, optionalText, record, requiredText, text } from "./read.js";
import { pageOf } from "./page.js";

const ENDPOINT = "meeting_list_by_no";

export function normalizeMeetingList(data: unknown): Page<MeetingBrief> {
  const body = record(ENDPOINT, data, "data");
  const items = list(ENDPOINT, body.meeting_briefs, "data.meeting_briefs").map((value, i) => {
    const m = record(ENDPOINT, value, `data.meeting_briefs[${i}]`);
    return {
      id: requiredText(ENDPOINT, m.id, `data.meeting_briefs[${i}].id`),
      topic: text(m.topic),
      url: optionalText(m.url),
      meetingNo: text(m.meeting_no),
      password: passwordOf(m.password),
    };
  });
  return pageOf(items, body.page_token, flag(body.has_more));
}
