/** Request-side conversions shared by the endpoint modules. */

/** A Date as the unix-seconds string the VC endpoints take. */
export function unixSeconds(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("invalid Date passed to a Feishu query");
  return String(Math.floor(ms / 1000));
}
