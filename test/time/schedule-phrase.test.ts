import { describe, expect, it } from "vitest";
import { readSchedulePhrase, SCHEDULE_EXAMPLES } from "../../src/time/schedule-phrase.js";

describe("readSchedulePhrase", () => {
  it.each([
    // Chinese
    ["每天 18:00", "0 18 * * *"],
    ["每日18:00", "0 18 * * *"],
    ["工作日 8:30", "30 8 * * 1-5"],
    ["每个工作日 08:30", "30 8 * * 1-5"],
    ["每周一 9:00", "0 9 * * 1"],
    ["每周一、三 9:30", "30 9 * * 1,3"],
    ["每周一三五 9:30", "30 9 * * 1,3,5"],
    ["周一和周三 9:30", "30 9 * * 1,3"],
    ["每周日 20:00", "0 20 * * 0"],
    ["每星期五 17:45", "45 17 * * 5"],
    ["周一至周五 9点", "0 9 * * 1-5"],
    ["周末 10:00", "0 10 * * 0,6"],
    ["每月1日 9:00", "0 9 1 * *"],
    ["每月15号 9:00", "0 9 15 * *"],
    ["每天 下午6点", "0 18 * * *"],
    ["每天 上午9点半", "30 9 * * *"],
    ["每周一 9点15分", "15 9 * * 1"],
    ["每周一 ９：００", "0 9 * * 1"],
    // English
    ["every day 18:00", "0 18 * * *"],
    ["daily 6pm", "0 18 * * *"],
    ["weekdays 08:30", "30 8 * * 1-5"],
    ["every weekday at 8:30am", "30 8 * * 1-5"],
    ["every monday 09:00", "0 9 * * 1"],
    ["Every Monday at 9:00", "0 9 * * 1"],
    ["mon,wed 9am", "0 9 * * 1,3"],
    ["monday and wednesday 12pm", "0 12 * * 1,3"],
    ["tue/thu 12am", "0 0 * * 2,4"],
    ["mon-fri 7:15", "15 7 * * 1-5"],
    ["fridays 5:30pm", "30 17 * * 5"],
    ["weekends 10:00", "0 10 * * 0,6"],
    ["monthly 1st 9:00", "0 9 1 * *"],
    ["every month on the 15th 9:00", "0 9 15 * *"],
    ["9:00 every day", "0 9 * * *"],
    // cron passed through (fields as written, spaces folded)
    ["0 9 * * 1-5", "0 9 * * 1-5"],
    ["30  8 1 * *", "30 8 1 * *"],
    ["*/15 9-17 * * mon-fri", "*/15 9-17 * * mon-fri"],
  ])("%s → %s", (phrase, cron) => {
    expect(readSchedulePhrase(phrase)).toEqual({ ok: true, cron, source: expect.any(String) });
  });

  it("says whether it read a phrase or passed a cron expression through", () => {
    expect(readSchedulePhrase("0 9 * * 1-5")).toMatchObject({ source: "cron" });
    expect(readSchedulePhrase("weekdays 9:00")).toMatchObject({ source: "phrase" });
  });

  it.each([
    ["", "empty"],
    ["every monday", "no time"],
    ["每周一", "no time (zh)"],
    ["9:00", "no days"],
    ["every monday 9:00 and 10:00", "two times"],
    ["每周一 9:00 10:00", "two times (zh)"],
    ["every blursday 9:00", "an unknown day"],
    ["每周八 9:00", "an unknown day (zh)"],
    ["every day 25:00", "hour out of range"],
    ["every day 9:75", "minute out of range"],
    ["daily 13pm", "am/pm past 12"],
    ["每月32日 9:00", "day of month out of range"],
    ["fri-mon 9:00", "a range backwards"],
    ["0 9 * *", "four cron fields"],
    ["tomorrow 9:00", "a day that is not a schedule"],
  ])("does not read %j (%s)", (phrase) => {
    expect(readSchedulePhrase(phrase)).toEqual({ ok: false });
  });

  it("reads every example it offers", () => {
    for (const example of [...SCHEDULE_EXAMPLES.zh, ...SCHEDULE_EXAMPLES.en]) expect(readSchedulePhrase(example).ok).toBe(true);
  });
});
