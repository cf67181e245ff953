import { describe, expect, it } from 'vitest';
import { panelSide } from '@/components/mural/panel-side';

describe('panelSide: a board bar menu keeps its panel on screen', () => {
  it('lines the panel up with the right edge of a button with room on its left', () => {
    expect(panelSide({ left: 900, right: 1000 }, 352, 1280)).toBe('end');
  });

  it('lines it up with the left edge of a button near the left of the screen (the mural bar)', () => {
    expect(panelSide({ left: 17, right: 137 }, 352, 1280)).toBe('start');
  });

  it('on a narrow phone keeps whichever side hides less of the panel', () => {
    expect(panelSide({ left: 17, right: 120 }, 366, 390)).toBe('start');
    expect(panelSide({ left: 200, right: 340 }, 366, 390)).toBe('end');
  });
});
