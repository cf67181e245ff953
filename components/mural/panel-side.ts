'use client';
/**
 * The board bar's menus ("Add a tile", "Export") float their panel under the button. Lined up
 * with the button's right edge it runs leftwards, which off a button near the left of the screen
 * (the mural's bar, a narrow window) put half the form off screen; then it lines up with the
 * button's left edge instead.
 */
import { useCallback, useState, type SyntheticEvent } from 'react';

/** `end`: the panel's right edge meets the button's right edge; `start`: left edges meet. */
export type PanelSide = 'end' | 'start';

/** The side that keeps a panel `panelWidth` wide on screen, or the one that hides less of it. */
export function panelSide(button: { left: number; right: number }, panelWidth: number, viewportWidth: number): PanelSide {
  const hiddenAtEnd = Math.max(0, panelWidth - button.right);
  if (hiddenAtEnd === 0) return 'end';
  const hiddenAtStart = Math.max(0, button.left + panelWidth - viewportWidth);
  return hiddenAtStart < hiddenAtEnd ? 'start' : 'end';
}

/** The panel's side for a `<details>` menu: pass `onToggle` to the details and `side` to its `data-side`. */
export function usePanelSide() {
  const [side, setSide] = useState<PanelSide>('end');
  const onToggle = useCallback((event: SyntheticEvent<HTMLDetailsElement>) => {
    const details = event.currentTarget;
    if (!details.open) return;
    const summary = details.querySelector(':scope > summary');
    const panel = details.querySelector<HTMLElement>(':scope > :not(summary)');
    if (!summary || !panel) return;
    setSide(panelSide(summary.getBoundingClientRect(), panel.offsetWidth, document.documentElement.clientWidth));
  }, []);
  return { side, onToggle };
}
