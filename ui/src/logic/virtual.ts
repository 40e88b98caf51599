// Which rows of a long list to draw: only those in view plus a margin, so 1,000+ people
// scroll as smoothly as 20.

export interface Range {
  start: number;
  end: number; // exclusive
  padTop: number;
  padBottom: number;
}

export function visibleRange(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewport: number,
  overscan = 8,
): Range {
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, padTop: 0, padBottom: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const shown = Math.ceil(Math.max(0, viewport) / rowHeight) + 2 * overscan + 1;
  const end = Math.min(count, start + shown);
  return { start, end, padTop: start * rowHeight, padBottom: (count - end) * rowHeight };
}
