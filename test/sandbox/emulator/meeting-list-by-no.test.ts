/** Seed 003, GET /open-apis/vc/v1/meetings/list_by_no, through the real SDK. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, SCOPES, type Emulator } from "../../../src/sandbox/emulator/index.js";
import { DAY, NOW, NOW_SEC, TODAY_START, failure, raw, sdkClient, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
let busyNo: string;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
  busyNo = s.emulator.tenant.notable.busyMeetingNo;
});
const extra: Emulator[] = [];
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));

const MONTH = { start: NOW_SEC - 30 * DAY, end: NOW_SEC };
type Query = { meeting_no: string; start_time: string; end_time: string; page_size?: number; page_token?: string };
const list = (client: Started["client"], params: Query) => client.vc.v1.meeting.listByNo({ params });
const monthOf = (meetingNo: string, more: Partial<Query> = {}): Query => ({
  meeting_no: meetingNo,
  start_time: String(MONTH.start),
  end_time: String(MONTH.end),
  ...more,
});

describe("meetings/list_by_no", () => {
  it("pages a number with 50+ meetings in 30 days to the end, with no duplicates and nothing missed", async () => {
    const expected = s.emulator.tenant.meetings
      .filter((m) => m.meetingNo === busyNo && m.startTime >= MONTH.start && m.startTime <= MONTH.end)
      .map((m) => m.id);
    expect(expected.length).toBeGreaterThan(50);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const answer = await list(s.client, monthOf(busyNo, { page_size: 20, ...(token ? { page_token: token } : {}) }));
      expect(answer.code).toBe(0);
      const data = answer.data!;
      seen.push(...data.meeting_briefs!.map((b) => b.id!));
      // page_token comes only with has_more.
      expect(data.page_token !== undefined).toBe(data.has_more);
      token = data.page_token;
      pages += 1;
    } while (token);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(expected.length / 20));
  });

  it("answers brief meetings: id, topic, url, meeting number and password", async () => {
    const answer = await list(s.client, monthOf(busyNo, { page_size: 1 }));
    const [brief] = answer.data!.meeting_briefs!;
    const meeting = s.emulator.tenant.meetings.find((m) => m.id === brief!.id)!;
    expect(brief).toEqual({
      id: meeting.id,
      topic: meeting.topic,
      url: `https://vc.feishu.cn/j/${busyNo}`,
      meeting_no: busyNo,
      password: meeting.password,
    });
    expect(answer.data!.has_more).toBe(true);
    expect(answer.data!.page_token).toBe("1");
  });

  it("pages 20 at a time by default and up to 50", async () => {
    expect((await list(s.client, monthOf(busyNo))).data!.meeting_briefs).toHaveLength(20);
    expect((await list(s.client, monthOf(busyNo, { page_size: 50 }))).data!.meeting_briefs).toHaveLength(50);
    const tooBig = await failure(list(s.client, monthOf(busyNo, { page_size: 51 })));
    expect(tooBig.status).toBe(400);
    expect(tooBig.data).toMatchObject({
      code: 99992402,
      error: { field_violations: [{ field: "page_size", value: "51" }] },
    });
  });

  it("lists only meetings that have started, in the time range", async () => {
    const today = await list(s.client, { meeting_no: busyNo, start_time: String(TODAY_START), end_time: String(TODAY_START + DAY), page_size: 50 });
    const started = s.emulator.tenant.meetings.filter(
      (m) => m.meetingNo === busyNo && m.startTime >= TODAY_START && m.startTime <= NOW_SEC,
    );
    expect((today.data!.meeting_briefs ?? []).map((b) => b.id)).toEqual(started.map((m) => m.id));
  });

  it("answers a number with no meetings with has_more false and no list", async () => {
    const answer = await list(s.client, monthOf("100000001"));
    expect(answer.data).toEqual({ has_more: false });
  });

  it("answers 121003 (HTTP 400) for a meeting number that is not 9 digits", async () => {
    for (const bad of ["12345678", "1234567890", "12345678a"]) {
      const answer = await failure(list(s.client, monthOf(bad)));
      expect(answer.status).toBe(400);
      expect(answer.data).toEqual({ code: 121003, msg: "param error" });
    }
  });

  it("answers 121003 beyond the last 90 days, for an end before the start and for a bad page token", async () => {
    // "The last 90 days" is 90 × 86,400 s back from now, whatever the time of day.
    try {
      for (const time of ["00:05:00", "12:00:00", "23:55:00"]) {
        s.clock.now = Date.parse(`2024-06-12T${time}+08:00`);
        const now = Math.floor(s.clock.now / 1000);
        // A token per time of day: the SDK keeps one by the wall clock, the emulator expires it by its own.
        const client = sdkClient(s.emulator);
        const edge = { meeting_no: busyNo, start_time: String(now - 90 * DAY), end_time: String(now) };
        expect((await list(client, edge)).code, time).toBe(0);
        const tooOld = { ...edge, start_time: String(now - 90 * DAY - 1) };
        const refused = await failure(list(client, tooOld));
        expect([refused.status, refused.data], time).toEqual([400, { code: 121003, msg: "param error" }]);
        const midnight = { ...edge, start_time: String(TODAY_START - 90 * DAY) };
        expect((await failure(list(client, midnight))).data.code, time).toBe(121003);
      }
    } finally {
      s.clock.now = NOW;
    }
    const backwards = { meeting_no: busyNo, start_time: String(NOW_SEC), end_time: String(NOW_SEC - DAY) };
    expect((await failure(list(s.client, backwards))).data.code).toBe(121003);
    expect((await failure(list(s.client, monthOf(busyNo, { page_token: "next" })))).data.code).toBe(121003);
  });

  it("answers a missing meeting number or time with a field validation error", async () => {
    const token = await tenantToken(s.emulator);
    const answer = await raw(s.emulator, "GET", "/open-apis/vc/v1/meetings/list_by_no", {
      token,
      query: `start_time=${MONTH.start}`,
    });
    expect(answer.status).toBe(400);
    const fields = (answer.json.error as { field_violations: { field: string }[] }).field_violations.map((v) => v.field);
    expect(fields.sort()).toEqual(["end_time", "meeting_no"]);
  });

  it("answers 121005 without the admin permission and 99991672 without vc:meeting:readonly", async () => {
    const denied = await startTestEmulator({ vcAdminPermission: false });
    const noScope = await startTestEmulator({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.meeting) });
    extra.push(denied.emulator, noScope.emulator);
    const forbidden = await failure(list(denied.client, monthOf(busyNo)));
    expect(forbidden.status).toBe(403);
    expect(forbidden.data.code).toBe(121005);
    expect((await failure(list(noScope.client, monthOf(busyNo)))).data.code).toBe(99991672);
  });

  it("answers 121001 (HTTP 500) when the fault is injected", async () => {
    s.emulator.injectFault({ endpoint: "meeting_list_by_no", effect: { kind: "code", code: 121001 }, times: "once" });
    expect((await failure(list(s.client, monthOf(busyNo)))).status).toBe(500);
  });
});
