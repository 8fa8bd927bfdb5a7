/**
 * A period's reservations, day by day (the API serves one day a call): several days at once, the
 * gateway's limiter holding calls to reservation_list's 100 a minute, and its cache keeping past
 * days (cache-policy.ts rangeTtl: a day before yesterday is settled for hours). `onDay` hears each
 * day as it arrives, for the card's progress.
 */
import pLimit from "p-limit";
import type { FeishuGateway } from "../../feishu/gateway.js";
import type { Reservation } from "../../feishu/types.js";
import type { RoomDirectory } from "./directory.js";
import { fetchReservations } from "./fetch.js";
import type { PeriodDay } from "./period-figures.js";

/**
 * Days asked for at once: enough that a 30-day period takes seconds, few enough that a 90-day one
 * queues in the limiter rather than in hundreds of open requests.
 */
export const DAYS_AT_ONCE = 6;

export interface FetchedPeriod {
  reservations: Reservation[];
  truncated: boolean;
  /** The dates of the days fetched so far (every day, once all are in). */
  loadedDates: string[];
}

export async function fetchPeriod(
  gateway: FeishuGateway,
  days: readonly PeriodDay[],
  directory: RoomDirectory,
  onDay: (soFar: FetchedPeriod) => void = () => {},
): Promise<FetchedPeriod> {
  const limit = pLimit(DAYS_AT_ONCE);
  const byDay: Reservation[][] = days.map(() => []);
  const fetchedDay = days.map(() => false);
  let truncated = false;
  const soFar = (): FetchedPeriod => ({ reservations: byDay.flat(), truncated, loadedDates: days.filter((_, i) => fetchedDay[i]).map((day) => day.date) });
  await Promise.all(
    days.map((day, i) =>
      limit(async () => {
        const fetched = await fetchReservations(gateway, { start: day.start, end: day.end }, directory);
        byDay[i] = fetched.reservations;
        fetchedDay[i] = true;
        truncated ||= fetched.truncated;
        onDay(soFar());
      }),
    ),
  );
  return soFar();
}
