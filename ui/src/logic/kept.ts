// What a screen was showing (a list's filters, how far down it was scrolled), kept while
// the app runs: Back from a soldier's page finds the list as it was left, not reset to
// all 122 people at the top. Not kept between runs.
const memory = new Map<string, unknown>();

export function recall<T>(key: string): T | undefined {
  return memory.get(key) as T | undefined;
}

export function keep<T>(key: string, value: T): void {
  memory.set(key, value);
}
