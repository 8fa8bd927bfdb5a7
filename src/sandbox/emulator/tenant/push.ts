/** What the bot's own messages reached each day since the app was installed. */
import { createRng, seedOf } from "./rng.js";
import type { PushDay, PushDelivery, User } from "./types.js";
import { weekday } from "./zoned-time.js";

export function generatePushDay(seed: number, date: string, users: User[]): PushDay {
  const rng = createRng(seedOf(seed, date, "push"));
  const internal = users.filter((u) => !u.external);
  const isWeekend = [0, 6].includes(weekday(date));
  const recipients = rng.sample(internal, isWeekend ? rng.int(8, 40) : rng.int(60, 180));
  const deliveries: PushDelivery[] = recipients.map((u) => {
    const messages = rng.int(1, 4);
    let readIn1h = 0;
    let readIn12h = 0;
    for (let i = 0; i < messages; i++) {
      if (rng.chance(0.55)) {
        readIn1h += 1;
        readIn12h += 1;
      } else if (rng.chance(0.5)) {
        readIn12h += 1;
      }
    }
    return { openId: u.openId, messages, readIn1h, readIn12h };
  });
  return { date, deliveries };
}
