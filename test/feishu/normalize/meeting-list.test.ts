import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeMeetingList } from "../../../src/feishu/normalize/meeting-list.js";
import { seedResponse } from "../fixtures/seeds.js";

describe("normalizeMeetingList", () => {
  it("normalises the seed page's example response", () => {
    const page = normalizeMeetingList(seedResponse("list-by-no").data);
    expect(page.hasMore).toBe(true);
    expect(page.pageToken).toBe("2");
    expect(page.items.map(({ password, ...rest }) => ({ ...rest, password: password?.reveal() }))).toEqual([
      { id: "7011030664708603907", meetingNo: "146453285", password: "971024", topic: "测试标题", url: undefined },
      { id: "7011031045899354115", meetingNo: "146453285", password: "971024", topic: "测试标题", url: undefined },
    ]);
  });

  it("reads a last page: no token, no more", () => {
    const page = normalizeMeetingList({ has_more: false, meeting_briefs: [{ id: "1", meeting_no: "1", password: "" }] });
    expect(page).toEqual({
      items: [{ id: "1", meetingNo: "1", topic: "", url: undefined, password: undefined }],
      pageToken: undefined,
      hasMore: false,
    });
  });

  it("reads an empty answer (Feishu omits empty lists) as an empty page", () => {
    expect(normalizeMeetingList({ has_more: false })).toEqual({ items: [], pageToken: undefined, hasMore: false });
  });

  it("does not promise more pages when has_more comes without a token", () => {
    expect(normalizeMeetingList({ has_more: true, meeting_briefs: [] }).hasMore).toBe(false);
  });

  it("rejects a brief without an id", () => {
    expect(() => normalizeMeetingList({ meeting_briefs: [{ topic: "x" }] })).toThrow(FeishuError);
  });
});
