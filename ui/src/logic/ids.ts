/**
 * The short form of a record id, as people read and type it (`muster history` prints the
 * same, and `muster amend`/`void` take it back): the id's last 8 hex digits. A record id
 * is a UUIDv7 whose first digits are the time it was recorded, the same for a whole
 * session, so only its random end tells records apart (the core's `record_id::short`).
 */
export function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}
