/** MeetingDetailView → the card of one meeting (cards/meeting-detail.json). */
import type { Locale } from "../../config/types.js";
import type { MeetingDetailView, ParticipantRow } from "../../commands/meeting/views.js";
import type { MeetingAbility, MeetingStatus, UserType } from "../../feishu/types.js";
import { escapeMarkdown, plainText } from "../escape.js";
import { renderTemplate, type Card } from "../render.js";
import { formatCount, formatDateTime, formatDuration, formatRatio, formatTimeNear } from "../format.js";
import { spacedMeetingNo } from "./meeting-list.js";
import { tm, type MeetingMessageKey } from "./meeting.i18n.js";
import { pagerContext } from "./meeting-pager.js";
import { exportButton } from "./export.i18n.js";

const TITLE_MAX = 100;
/** Ids of rooms, phones and the like are the API's; still cut, so no value can blow up a row. */
const ID_MAX = 64;
/** Only an id of this form goes into a person tag: anything else is shown as (escaped) text. */
const OPEN_ID = /^ou_[A-Za-z0-9]{1,64}$/;

const COLORS: Record<MeetingStatus, string> = { calling: "orange", in_progress: "green", ended: "blue", unknown: "grey" };

const ABILITIES: readonly (keyof MeetingAbility)[] = ["video", "audio", "shareScreen", "followScreen", "recording", "pstn"];

export function renderMeetingDetail(view: MeetingDetailView, locale: Locale): Card {
  const status = tm(locale, `status.${view.status}` as MeetingMessageKey);
  const md = (key: MeetingMessageKey, params: Record<string, string | number> = {}) =>
    tm(locale, key, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, escapeMarkdown(String(v), 300)])));
  const isPerson = view.host !== undefined && view.host.userType === "lark" && OPEN_ID.test(view.host.id);
  const { participants } = view;
  return renderTemplate("meeting-detail", {
    exportButton: exportButton(view.exportValue, locale),
    title: plainText(view.topic, TITLE_MAX) || plainText(view.id),
    subtitle: plainText(tm(locale, "detail.subtitle", { no: spacedMeetingNo(view.meetingNo), status })),
    color: COLORS[view.status] ?? "grey",
    hostLabel: tm(locale, "detail.host"),
    hostPerson: isPerson ? view.host!.id : null,
    hostText: view.host && !isPerson ? md("detail.hostText", { host: whoText(view.host, locale) }) : null,
    time: timeLine(view, locale, md),
    people: md("detail.people", { peak: formatCount(view.peak, locale), accumulated: formatCount(view.accumulated, locale) }),
    abilities: abilitiesLine(view.ability, locale, md),
    attendance: md("detail.attendance", {
      grace: view.graceMinutes,
      late: view.attendance.late,
      early:
        view.attendance.leftEarly === undefined
          ? tm(locale, "detail.earlyRunning")
          : tm(locale, "detail.earlyCount", { count: view.attendance.leftEarly }),
      external: view.attendance.external,
      joined: view.attendance.joined,
      share: formatRatio(view.attendance.external, view.attendance.joined, locale),
    }),
    password: view.password !== undefined ? md("detail.password", { password: view.password }) : null,
    participantsHeading:
      participants.rows.length === 0
        ? tm(locale, "detail.noParticipants")
        : md("detail.participants", { first: participants.first, last: participants.last, total: participants.total }),
    columns: {
      who: plainText(tm(locale, "col.who")),
      join: plainText(tm(locale, "col.join")),
      leave: plainText(tm(locale, "col.leave")),
      time: plainText(tm(locale, "col.time")),
      role: plainText(tm(locale, "col.role")),
      external: plainText(tm(locale, "col.external")),
    },
    participants: participants.rows.map((row) => participantCells(row, view, locale)),
    pager: pagerContext(participants.pager, locale),
  });
}

type Md = (key: MeetingMessageKey, params?: Record<string, string | number>) => string;

function timeLine(view: MeetingDetailView, locale: Locale, md: Md): string {
  if (view.start === undefined) return md("detail.timeUnknown");
  const start = formatDateTime(view.start, view.timeZone);
  const duration = view.durationSeconds !== undefined ? formatDuration(view.durationSeconds, locale) : tm(locale, "none");
  if (view.end === undefined) return md("detail.timeRunning", { start, duration });
  return md("detail.time", { start, end: formatTimeNear(view.end, view.start, view.timeZone), duration });
}

function abilitiesLine(ability: MeetingAbility | undefined, locale: Locale, md: Md): string {
  if (!ability) return md("detail.abilitiesUnknown");
  const name = (key: keyof MeetingAbility) => tm(locale, `ability.${key}` as MeetingMessageKey);
  const sep = locale === "zh" ? "、" : ", ";
  const used = ABILITIES.filter((key) => ability[key]).map(name);
  const unused = ABILITIES.filter((key) => !ability[key]).map(name);
  const usedText = used.length > 0 ? used.join(sep) : tm(locale, "detail.abilitiesNone");
  const unusedText = unused.length > 0 ? ` ${tm(locale, "detail.abilitiesUnused", { unused: unused.join(sep) })}` : "";
  return md("detail.abilities", { used: `${usedText}${unusedText}` });
}

/** One table row; the `who` cell is markdown, the others plain text. */
function participantCells(row: ParticipantRow, view: MeetingDetailView, locale: Locale): Record<string, string> {
  const none = tm(locale, "none");
  const leave =
    row.lastLeave !== undefined
      ? formatTimeNear(row.lastLeave, view.start, view.timeZone)
      : row.status === "in_meeting"
        ? tm(locale, "leave.stillIn")
        : row.status === "calling"
          ? tm(locale, "participant.calling")
          : row.status === "ringing"
            ? tm(locale, "participant.ringing")
            : none;
  const roles = [row.isHost ? tm(locale, "role.host") : "", row.isCohost ? tm(locale, "role.cohost") : ""].filter(Boolean);
  return {
    who:
      row.userType === "lark" && OPEN_ID.test(row.id)
        ? `<person id='${row.id}' show_name=true show_avatar=false style='normal'></person>`
        : escapeMarkdown(whoText(row, locale), ID_MAX + 20),
    join: row.firstJoin !== undefined ? formatTimeNear(row.firstJoin, view.start, view.timeZone) : none,
    leave,
    time: row.firstJoin !== undefined ? formatDuration(row.seconds, locale) : none,
    role: roles.length > 0 ? roles.join(" / ") : none,
    external: row.isExternal ? tm(locale, "external.yes") : none,
  };
}

/** "会议室 3F-01 Orion": what kind of participant, and its name (a room's) or else the API's id for it. */
function whoText(who: { id: string; userType: UserType; name?: string }, locale: Locale): string {
  const label = tm(locale, `user.${who.userType}` as MeetingMessageKey);
  const id = plainText(who.name ?? who.id, ID_MAX);
  return id === "" ? label : `${label} ${id}`;
}
