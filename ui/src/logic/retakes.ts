// The chip colour of a retake's band. Which retakes are listed, in which bands and order,
// is the core's (src/due.rs, `due::retakes`); the screen only colours them.
import type { Band } from "../bindings/Band";

/** The chip colour of a band, from the status palette the matrix uses. */
export function bandClass(b: Band): string {
  switch (b) {
    case "lapsed":
    case "overdue":
      return "st-failed";
    case "within30":
      return "st-expired";
    case "within60":
    case "within90":
      return "st-expiring";
    default:
      return "st-not_required";
  }
}
