// A database on read-only media (a copy on a USB stick, a read-only share) can be read but
// not changed: every screen hides what would write to it, instead of offering a button
// that can only fail.
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export const ReadOnly = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnly);
}
