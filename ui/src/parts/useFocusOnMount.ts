// Focus for the first field of a screen, given as soon as the screen is on the page.
import { useLayoutEffect, useRef } from "preact/hooks";

/** The `autofocus` attribute moves the focus at WebKit's next rendering update, which on a
 *  busy machine can come after the user (or a test) has started typing elsewhere: the rest of
 *  the keys then land in the autofocused field, and a <select> takes them as a choice.
 *  Focusing in a layout effect happens in the same task as the render, before any later key. */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return ref;
}
