/**
 * The short form of a record id, as people read and type it (`muster history` prints the
 * same, and `muster amend`/`void` take it back): the id's last 8 hex digits. A record id
 * is a UUIDv7 whose first digits are the time it was recorded, the same for a whole
 * session, so only its random end tells records apart (the core's `record_id::short`).
 */
export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}

/** A line the core wrote with whole record ids (what changed since a report, for the
 *  command line, where a full id is typed back), with each id in its short form, as every
 *  screen shows records. */
export function shortIds(text: string): string {
  return text.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, shortId);
}
