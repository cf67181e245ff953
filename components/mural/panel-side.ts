'use client';
/**
 * The board bar's menus ("Add a tile", "Export") float their panel under the button. Lined up
 * with the button's right edge it runs leftwards, which off a button near the left of the screen
 * (the mural's bar, a narrow window) put half the form off screen; then it lines up with the
 * button's left edge instead.
 */
import { useLayoutEffect, useRef, useState } from 'react';

/** `end`: the panel's right edge meets the button's right edge; `start`: left edges meet. */
export type PanelSide = 'end' | 'start';

/** The side that keeps a panel `panelWidth` wide on screen, or the one that hides less of it. */
export function panelSide(button: { left: number; right: number }, panelWidth: number, viewportWidth: number): PanelSide {
  const hiddenAtEnd = Math.max(0, panelWidth - button.right);
  if (hiddenAtEnd === 0) return 'end';
  const hiddenAtStart = Math.max(0, button.left + panelWidth - viewportWidth);
  return hiddenAtStart < hiddenAtEnd ? 'start' : 'end';
}

/**
 * The panel's side for a `<details>` menu: pass `ref` to the details and `side` to its
 * `data-side`. Measured again after every render while open and when the window changes size:
 * the bar wraps when a message appears in it ("Adding your tile…", an error), which moved the
 * button after the side was chosen and slid the panel off the left of the screen.
 */
export function usePanelSide(open: boolean) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [side, setSide] = useState<PanelSide>('end');
  useLayoutEffect(() => {
    const details = ref.current;
    if (!open || !details) return;
    const place = () => {
      const summary = details.querySelector(':scope > summary');
      const panel = details.querySelector<HTMLElement>(':scope > :not(summary)');
      if (summary && panel) setSide(panelSide(summary.getBoundingClientRect(), panel.offsetWidth, document.documentElement.clientWidth));
    };
    place();
    window.addEventListener('resize', place);
    return () => window.removeEventListener('resize', place);
  });
  return { ref, side };
}
