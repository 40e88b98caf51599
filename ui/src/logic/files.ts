// Names of the files the app offers to save.

/**
 * A contingent code as part of a file name that every platform accepts: letters of any
 * script, digits, `_` and `-`; every other run of characters becomes one `_`. So nothing
 * Windows refuses in a name (`< > : " / \ | ? *`, control characters, a trailing dot or
 * space) reaches the save dialog, whatever a code holds.
 */
export function fileNamePart(code: string, fallback: string): string {
  return code.replace(/[^\p{L}\p{N}_-]+/gu, "_") || fallback;
}
