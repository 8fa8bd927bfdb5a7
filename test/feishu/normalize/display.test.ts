import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseCheckInDevice,
  parseCheckInStatus,
  parseDisplayDuration,
  parseDisplayTime,
  parseRelease,
  parseReservationStatus,
} from "../../../src/feishu/normalize/display.js";

describe("parseDisplayTime", () => {
  it.each([
    ["2022.12.17 21:00:00 (GMT+08:00)", "2022-12-17T13:00:00Z"],
    ["2022.07.21 11:01:40 (GMT+08:00)", "2022-07-21T03:01:40Z"],
    ["2022.12.17 21:00:00 （GMT+08:00）", "2022-12-17T13:00:00Z"],
    ["2022.12.17 21:00:00(GMT+0800)", "2022-12-17T13:00:00Z"],
    ["2022.12.17 01:00:00 (GMT-05:30)", "2022-12-17T06:30:00Z"],
    ["2022.1.7 9:05:00 (GMT+8)", "2022-01-07T01:05:00Z"],
    ["2022-12-17 21:00:00 (UTC+09:00)", "2022-12-17T12:00:00Z"],
    ["2022.12.17 21:00:00 (GMT)", "2022-12-17T21:00:00Z"],
    ["2022.12.17 21:00 (GMT+08:00)", "2022-12-17T13:00:00Z"],
  ])("reads %s", (input, iso) => {
    expect(parseDisplayTime(input)).toEqual(new Date(iso));
  });

  it.each([
    "",
    "-",
    "2022.12.17 21:00:00",
    "2022.02.30 10:00:00 (GMT+08:00)",
    "2022.12.17 25:00:00 (GMT+08:00)",
    "2022.12.17 21:61:00 (GMT+08:00)",
    "2022.12.17 21:00:00 (GMT+15:00)",
    "yesterday",
  ])("does not read %j", (input) => {
    expect(parseDisplayTime(input)).toBeUndefined();
  });

  it("ignores values that are not strings", () => {
    expect(parseDisplayTime(1671282000)).toBeUndefined();
    expect(parseDisplayTime(undefined)).toBeUndefined();
  });

  it("reads back any instant written in any whole-hour zone", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T00:00:00Z"), noInvalidDate: true }),
        fc.integer({ min: -12, max: 14 }),
        (date, offsetHours) => {
          const instant = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const local = new Date(instant.getTime() + offsetHours * 3_600_000);
          const pad = (n: number) => String(n).padStart(2, "0");
          const zone = `${offsetHours < 0 ? "-" : "+"}${pad(Math.abs(offsetHours))}:00`;
          const shown =
            `${local.getUTCFullYear()}.${pad(local.getUTCMonth() + 1)}.${pad(local.getUTCDate())} ` +
            `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} (GMT${zone})`;
          expect(parseDisplayTime(shown)).toEqual(instant);
        },
      ),
    );
  });
});

describe("parseDisplayDuration", () => {
  it.each([
    ["1:00:00", 3600],
    ["01:00:00", 3600],
    ["0:45:30", 2730],
    ["26:00:01", 93601],
    [" 00:00:00 ", 0],
  ])("reads %s", (input, seconds) => {
    expect(parseDisplayDuration(input)).toBe(seconds);
  });

  it.each(["", "-", "1:00", "1:60:00", "1:00:60", "an hour", "-1:00:00"])("does not read %j", (input) => {
    expect(parseDisplayDuration(input)).toBeUndefined();
  });
});

describe("parseReservationStatus", () => {
  it.each([
    ["审批中", "approving"],
    ["预定成功", "reserved"],
    ["已释放", "released"],
    ["已释放(手动释放)", "released"],
    ["已释放（手动释放）", "released"],
    ["已释放（会议结束后自动释放）", "released"],
    ["已释放（未签到被释放）", "released"],
    ["已释放（传感器自动释放）", "released"],
  ])("reads %s", (input, kind) => {
    expect(parseReservationStatus(input)).toEqual({ kind });
  });

  it("keeps an unknown status raw", () => {
    expect(parseReservationStatus(" 已过期 ")).toEqual({ kind: "unknown", raw: "已过期" });
  });
});

describe("parseCheckInDevice", () => {
  it.each([
    ["签到板", "check_in_board"],
    ["签到二维码", "qr_code"],
    ["控制器", "controller"],
    ["触屏版", "touch_screen"],
    ["设备离线，自动签到", "offline_auto"],
    ["设备离线,自动签到", "offline_auto"],
  ])("reads %s", (input, kind) => {
    expect(parseCheckInDevice(input)).toEqual({ kind });
  });

  it("keeps an unknown device raw and reads an empty one as none", () => {
    expect(parseCheckInDevice("门禁")).toEqual({ kind: "unknown", raw: "门禁" });
    expect(parseCheckInDevice("")).toBeUndefined();
  });
});

describe("parseCheckInStatus", () => {
  it.each([
    ["无需签到（即时预定）", "not_required_instant"],
    ["无需签到（未开启签到设置）", "not_required_disabled"],
    ["无需签到", "not_required"],
    ["超时未签到", "missed"],
    ["未签到", "missed"],
    ["签到时间未结束", "window_open"],
    ["无需签到（未安装签到设备）", "not_required_no_device"],
    ["已签到", "checked_in"],
    ["待签到", "awaiting"],
    ["不可签到（会议室被禁用）", "room_disabled"],
    ["不可签到(会议室被禁用)", "room_disabled"],
  ])("reads %s", (input, kind) => {
    expect(parseCheckInStatus(input)).toEqual({ kind });
  });

  it("keeps an unknown status raw", () => {
    expect(parseCheckInStatus("无需签到（新原因）")).toEqual({ kind: "unknown", raw: "无需签到（新原因）" });
  });
});

describe("parseRelease", () => {
  it.each([
    ["已释放(手动释放)", "预定成功", "manual"],
    ["已释放（会议结束后自动释放）", "预定成功", "after_meeting"],
    ["已释放（未签到被释放）", "预定成功", "no_check_in"],
    ["已释放（传感器自动释放）", "预定成功", "sensor"],
    ["已释放(自动释放)", "预定成功", "auto"],
    ["未释放", "预定成功", "not_released"],
    ["已释放", "预定成功", "released"],
    ["是", "预定成功", "released"],
    ["否", "预定成功", "not_released"],
    ["", "预定成功", "not_released"],
    [undefined, "预定成功", "not_released"],
    ["否", "已释放（会议结束后自动释放）", "after_meeting"],
    ["", "已释放", "released"],
    ["是", "已释放（未签到被释放）", "no_check_in"],
    ["已释放(手动释放)", "已释放（传感器自动释放）", "manual"],
  ])("reads release %j with status %j", (release, status, kind) => {
    expect(parseRelease(release, status)).toEqual({ kind });
  });

  it("keeps an unknown release raw", () => {
    expect(parseRelease("已释放（管理员释放）", "预定成功")).toEqual({ kind: "unknown", raw: "已释放（管理员释放）" });
  });
});
