import { describe, expect, it } from "vitest";
import { FeishuError } from "../../../src/feishu/errors.js";
import { normalizeRoomBatch, normalizeRooms } from "../../../src/feishu/normalize/rooms.js";

describe("normalizeRoomBatch (POST vc/v1/rooms/mget)", () => {
  it("reads each room's id, name and level, and nothing of the rest", () => {
    const data = {
      items: [
        { room_id: "omm_a", name: "静安 3F 大会议室", capacity: 12, room_level_id: "omb_3f", path: ["omb_root", "omb_3f"], device: [] },
        { room_id: "omm_b", name: "", room_level_id: "omb_root" },
      ],
    };
    expect(normalizeRoomBatch(data)).toEqual([
      { roomId: "omm_a", name: "静安 3F 大会议室", roomLevelId: "omb_3f" },
      { roomId: "omm_b", name: "", roomLevelId: "omb_root" },
    ]);
  });

  it("reads an answer that found no room, with or without data, as none", () => {
    expect(normalizeRoomBatch({ items: [] })).toEqual([]);
    expect(normalizeRoomBatch({})).toEqual([]);
    expect(normalizeRoomBatch(undefined)).toEqual([]);
  });

  it("calls items that are not a list, or a room without an id, malformed", () => {
    expect(() => normalizeRoomBatch({ items: "omm_a" })).toThrow(FeishuError);
    expect(() => normalizeRoomBatch({ items: [{ name: "No id" }] })).toThrow(FeishuError);
    try {
      normalizeRoomBatch({ items: [{ name: "No id" }] });
    } catch (e) {
      expect((e as FeishuError).endpoint).toBe("room_mget");
    }
  });
});

describe("normalizeRooms (GET vc/v1/rooms), sharing the room reader", () => {
  it("reads a page of rooms", () => {
    expect(normalizeRooms({ rooms: [{ room_id: "omm_a", name: "A", room_level_id: "omb_x" }], page_token: "t", has_more: true })).toMatchObject({
      items: [{ roomId: "omm_a", name: "A", roomLevelId: "omb_x" }],
      hasMore: true,
    });
  });
});
