// Tracks a scrolling element's position and height and says which rows to draw.
import { useEffect, useRef, useState } from "preact/hooks";
import { visibleRange } from "../logic/virtual";
import { keep, recall } from "../logic/kept";

/** `keepAs` names where the position is kept while the app runs (`logic/kept`): the list
 *  opens where it was left once its rows are counted. */
export function useVirtual<E extends HTMLElement>(count: number, rowHeight: number, keepAs?: string) {
  const ref = useRef<E>(null);
  const [view, setView] = useState({ top: 0, height: 800 });
  const restored = useRef(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || restored.current || count === 0 || !keepAs) return;
    restored.current = true;
    const top = recall<number>(keepAs);
    if (top) el.scrollTop = top;
  }, [count, keepAs]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Scroll events already come at most once a frame; each one redraws the rows in view.
    const read = () => {
      setView({ top: el.scrollTop, height: el.clientHeight });
      if (keepAs && restored.current) keep(keepAs, el.scrollTop);
    };
    read();
    el.addEventListener("scroll", read, { passive: true });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", read);
      ro.disconnect();
    };
  }, []);
  return { ref, range: visibleRange(count, rowHeight, view.top, view.height) };
}

/** True when the window is phone-narrow; follows resizes. */
export function useNarrow(maxWidth = 700): boolean {
  const query = `(max-width: ${maxWidth}px)`;
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const mq = window.matchMedia(query);
    const on = () => setNarrow(mq.matches);
    // A resize as well: a media query's change event has been seen to come late or not at all.
    on();
    mq.addEventListener("change", on);
    window.addEventListener("resize", on);
    return () => (mq.removeEventListener("change", on), window.removeEventListener("resize", on));
  }, [query]);
  return narrow;
}
