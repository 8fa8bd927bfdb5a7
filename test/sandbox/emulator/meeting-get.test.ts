/** Seed 001, GET /open-apis/vc/v1/meetings/:meeting_id, through the real SDK. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SCOPES, SCOPES, type Emulator, type Meeting } from "../../../src/sandbox/emulator/index.js";
import { DAY, NOW_SEC, TODAY_START, failure, raw, sdkClient, startTestEmulator, tenantToken, type Started } from "./helpers.js";

let s: Started;
let large: Meeting;
beforeAll(async () => {
  s = await startTestEmulator({ rateLimits: false });
  large = s.emulator.tenant.meetings.find((m) => m.id === s.emulator.tenant.notable.largeMeetingId)!;
});
const extra: Emulator[] = [];
afterAll(() => Promise.all([s.emulator.close(), ...extra.map((e) => e.close())]));
async function another(options: Parameters<typeof startTestEmulator>[0]): Promise<Started> {
  const started = await startTestEmulator({ rateLimits: false, ...options });
  extra.push(started.emulator);
  return started;
}

type Params = { with_participants?: boolean; with_meeting_ability?: boolean; user_id_type?: "open_id" | "union_id" | "user_id" };
const get = (client: Started["client"], id: string, params: Params = {}) => client.vc.v1.meeting.get({ path: { meeting_id: id }, params });

describe("meetings/:meeting_id", () => {
  it("answers a finished meeting with every documented field, times and counts as strings", async () => {
    const answer = await get(s.client, large.id);
    expect(answer.code).toBe(0);
    const m = answer.data!.meeting!;
    expect(m).toMatchObject({
      id: large.id,
      topic: large.topic,
      url: `https://vc.feishu.cn/j/${large.meetingNo}`,
      meeting_no: large.meetingNo,
      create_time: String(large.createTime),
      start_time: String(large.startTime),
      end_time: String(large.endTime),
      host_user: { id: large.hostOpenId, user_type: 1 },
      status: 3,
      participant_count_accumulated: String(large.participants.length),
    });
    expect(Number(m.participant_count)).toBeGreaterThan(1);
    expect(Number(m.participant_count)).toBeLessThanOrEqual(large.participants.length);
    // Without asking for them there are no participants and no abilities.
    expect(m.participants).toBeUndefined();
    expect(m.ability).toBeUndefined();
  });

  it("lists all participants (230+) with their join, leave and duration when asked", async () => {
    const m = (await get(s.client, large.id, { with_participants: true })).data!.meeting!;
    expect(m.participants!.length).toBe(large.participants.length);
    expect(m.participants!.length).toBeGreaterThanOrEqual(230);
    const host = m.participants!.find((p) => p.is_host);
    expect(host?.id).toBe(large.hostOpenId);
    for (const p of m.participants!) {
      expect(p.status).toBe(4);
      expect(Number(p.final_leave_time)).toBeGreaterThan(Number(p.first_join_time));
      expect(Number(p.in_meeting_duration)).toBeLessThanOrEqual(Number(p.final_leave_time) - Number(p.first_join_time));
    }
    expect(new Set(m.participants!.map((p) => p.user_type))).toEqual(new Set([1, 2, 6, 7, ...(large.participants.some((p) => p.userType === 5) ? [5] : [])]));
    expect(m.participants!.some((p) => p.is_cohost)).toBe(true);
  });

  it("returns the meeting's abilities only when with_meeting_ability is true", async () => {
    const m = (await get(s.client, large.id, { with_meeting_ability: true })).data!.meeting!;
    expect(m.ability).toEqual({
      use_video: large.ability.useVideo,
      use_audio: large.ability.useAudio,
      use_share_screen: large.ability.useShareScreen,
      use_follow_screen: large.ability.useFollowScreen,
      use_recording: large.ability.useRecording,
      use_pstn: large.ability.usePstn,
    });
  });

  it("speaks union_id and user_id, and with user_id filters out rooms, pstn, sip and other non-lark users", async () => {
    const users = new Map(s.emulator.tenant.users.map((u) => [u.openId, u]));
    const union = (await get(s.client, large.id, { with_participants: true, user_id_type: "union_id" })).data!.meeting!;
    expect(union.host_user!.id).toBe(users.get(large.hostOpenId)!.unionId);
    expect(union.participants!.filter((p) => p.user_type === 1).every((p) => p.id!.startsWith("on_"))).toBe(true);
    expect(union.participants!.length).toBe(large.participants.length);

    const byUserId = (await get(s.client, large.id, { with_participants: true, user_id_type: "user_id" })).data!.meeting!;
    expect(byUserId.host_user!.id).toBe(users.get(large.hostOpenId)!.userId);
    const lark = large.participants.filter((p) => p.userType === 1);
    expect(byUserId.participants!.length).toBe(lark.length);
    expect(byUserId.participants!.every((p) => p.user_type === 1 && /^[0-9a-f]{8}$/.test(p.id!))).toBe(true);
    // The counts are the meeting's, not the filtered list's.
    expect(byUserId.participant_count_accumulated).toBe(String(large.participants.length));
  });

  it("needs contact:user.employee_id:readonly for user_id", async () => {
    const noUserId = await another({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.userId) });
    const denied = await failure(get(noUserId.client, large.id, { user_id_type: "user_id" }));
    expect(denied.data.code).toBe(99991672);
    expect(denied.data.msg).toContain(SCOPES.userId);
    expect((await get(noUserId.client, large.id, { user_id_type: "union_id" })).code).toBe(0);
  });

  it("shows a meeting still in progress: status 2, no end time, who is still in", async () => {
    const bridge = s.emulator.tenant.meetings.find((m) => m.endTime === undefined && !m.calling)!;
    const m = (await get(s.client, bridge.id, { with_participants: true })).data!.meeting!;
    expect(m.status).toBe(2);
    expect(m.end_time).toBeUndefined();
    const stillIn = m.participants!.filter((p) => p.status === 2);
    expect(stillIn.length).toBeGreaterThan(0);
    for (const p of stillIn) {
      expect(p.final_leave_time).toBeUndefined();
      expect(p.in_meeting_duration).toBe(String(NOW_SEC - Number(p.first_join_time)));
    }
    expect(m.participants!.some((p) => p.status === 4 && p.final_leave_time)).toBe(true);
    // People due to join later today are not there yet.
    const joinedByNow = bridge.participants.filter((p) => (p.firstJoinTime ?? Infinity) <= NOW_SEC).length;
    expect(m.participants!.length).toBe(joinedByNow);
  });

  it("shows a call still ringing as status 1 with callee states 3 (ringing) and 1 (calling)", async () => {
    const call = s.emulator.tenant.meetings.find((m) => m.calling)!;
    const m = (await get(s.client, call.id, { with_participants: true })).data!.meeting!;
    expect(m.status).toBe(1);
    expect(m.participants!.map((p) => p.status).sort()).toEqual([1, 2, 3]);
    const ringing = m.participants!.find((p) => p.status === 3)!;
    expect(ringing.first_join_time).toBeUndefined();
  });

  it("shows a meeting of today as in progress until its end and finished after it", async () => {
    const today = s.emulator.tenant.meetings.find((m) => m.startTime > TODAY_START + 3600 && m.endTime !== undefined && m.endTime < NOW_SEC)!;
    const during = await another({ now: () => (today.startTime + 60) * 1000 });
    expect((await get(during.client, today.id)).data!.meeting!.status).toBe(2);
    expect((await get(s.client, today.id)).data!.meeting!.status).toBe(3);
  });

  it("answers 121004 (HTTP 404) for an unknown meeting, one not started yet, and one older than 90 days", async () => {
    const unknown = await failure(get(s.client, "7000000000000000001"));
    expect(unknown.status).toBe(404);
    expect(unknown.data).toEqual({ code: 121004, msg: "data not exist" });
    const later = s.emulator.tenant.meetings.find((m) => m.startTime > NOW_SEC)!;
    expect((await failure(get(s.client, later.id))).data.code).toBe(121004);
    const aging = await another({});
    const oldest = aging.emulator.tenant.meetings[0]!;
    expect(oldest.startTime).toBeLessThan(TODAY_START - 89 * DAY);
    // "The last 90 days" is 90 × 86,400 s back from now: served until exactly then, not a second after.
    aging.clock.now = (oldest.startTime + 90 * DAY) * 1000;
    expect((await get(aging.client, oldest.id)).code).toBe(0);
    aging.clock.now += 1000;
    const answer = await failure(get(sdkClient(aging.emulator), oldest.id));
    expect(answer.data.code).toBe(121004);
  });

  it("answers 121003 for a meeting id that is not a number", async () => {
    const answer = await failure(get(s.client, "not-a-meeting"));
    expect(answer.status).toBe(400);
    expect(answer.data).toEqual({ code: 121003, msg: "param error" });
  });

  it("validates the boolean and enum parameters (99992402)", async () => {
    const token = await tenantToken(s.emulator);
    const path = `/open-apis/vc/v1/meetings/${large.id}`;
    expect((await raw(s.emulator, "GET", path, { token, query: "with_participants=yes" })).json.code).toBe(99992402);
    const badType = await raw(s.emulator, "GET", path, { token, query: "user_id_type=email" });
    expect(badType.status).toBe(400);
    expect(badType.json).toMatchObject({ code: 99992402, error: { field_violations: [{ field: "user_id_type", value: "email" }] } });
  });

  it("answers 121005 (HTTP 403) without the admin console's meeting permission", async () => {
    const denied = await another({ vcAdminPermission: false });
    const answer = await failure(get(denied.client, large.id));
    expect(answer.status).toBe(403);
    expect(answer.data.code).toBe(121005);
  });

  it("answers 121005 (HTTP 403) for another organisation's meeting: only meetings that belong to you", async () => {
    const { foreignMeetingIds, notable } = s.emulator.tenant;
    expect(foreignMeetingIds).toContain(notable.foreignMeetingId);
    for (const id of foreignMeetingIds) {
      const answer = await failure(get(s.client, id, { with_participants: true }));
      expect(answer.status).toBe(403);
      expect(answer.data).toMatchObject({ code: 121005, msg: "no permission" });
    }
    // The tenant's own meetings are still answered, and an unknown id is still 121004 (404).
    expect((await get(s.client, large.id)).code).toBe(0);
    const unknown = await failure(get(s.client, "1234567890123456789"));
    expect(unknown.status).toBe(404);
    expect(unknown.data.code).toBe(121004);
  });

  it("needs vc:meeting:readonly", async () => {
    const noScope = await another({ scopes: DEFAULT_SCOPES.filter((x) => x !== SCOPES.meeting) });
    expect((await failure(get(noScope.client, large.id))).data.code).toBe(99991672);
  });

  it("answers the documented 121001 and 121002 when injected, with their HTTP statuses", async () => {
    s.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121001 }, times: "once" });
    expect((await failure(get(s.client, large.id))).status).toBe(500);
    s.emulator.injectFault({ endpoint: "meeting_get", effect: { kind: "code", code: 121002 }, times: "once" });
    const notSupported = await failure(get(s.client, large.id));
    expect(notSupported.status).toBe(400);
    expect(notSupported.data).toEqual({ code: 121002, msg: "not support" });
  });
});
