/** The room-name filter, checked against the rooms there are. */
import { UsageError } from "../usage.js";
import type { RoomDirectory } from "./directory.js";
import { closestRoomNames } from "./suggest.js";

/**
 * A filter no room name contains would answer with an empty day ("签到率 —"), which reads as "no
 * reservations" rather than "no such room": it is refused, naming the filter and the closest names.
 */
export function checkFilterMatches(filter: string, directory: RoomDirectory): void {
  const needle = filter.toLocaleLowerCase();
  const names = directory.rooms.map((room) => room.name).filter((name) => name !== "");
  if (names.length === 0 || names.some((name) => name.toLocaleLowerCase().includes(needle))) return;
  const near = closestRoomNames(filter, names);
  throw new UsageError("rooms", {
    zh: `没有名称包含「${filter}」的会议室。${near.length > 0 ? `最接近的会议室：${near.join("、")}` : ""}`,
    en: `No room name contains "${filter}".${near.length > 0 ? ` Closest rooms: ${near.join(", ")}` : ""}`,
  });
}
