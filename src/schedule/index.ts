export { startScheduler, type Scheduler, type SchedulerDeps } from "./scheduler.js";
export { postPeriod, LOCK_TTL_MS, SEND_CONCURRENCY, UNCONFIRMED_AFTER_MS, type PostResult } from "./post.js";
export { periodKey, lockKey, chatKey, sendingKey, sendUuid } from "./keys.js";
export { realTimers, type Timers } from "./timers.js";
