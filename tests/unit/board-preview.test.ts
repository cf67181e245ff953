import { DEFAULT_THEME } from 'tldraw';
import { describe, expect, it } from 'vitest';
import { NOTE_FILLS, PREVIEW_COLOURS, previewItems } from '../../server/murals/board-preview';
import { buildBoardRecords } from '../../server/realtime/templates';

describe('the preview of a board nobody has pictured yet', () => {
  it('colours notes and frames as tldraw does', () => {
    const theme = DEFAULT_THEME.colors.light;
    for (const [name, fill] of Object.entries(NOTE_FILLS)) expect(fill, name).toBe((theme[name as keyof typeof theme] as { noteFill: string }).noteFill);
    expect(PREVIEW_COLOURS).toEqual({ background: theme.background, frameFill: theme.solid, frameStroke: theme.black.frameStroke });
  });

  it('draws a template’s frames with their prompts inside, in page coordinates, parents first', () => {
    const records = buildBoardRecords({ template: 'pair', title: 'Clearer letters', pair: { projectTitle: 'Clearer letters', challenge: 'Jargon' } });
    const items = previewItems(records);
    const frames = items.filter((i) => i.stroke === PREVIEW_COLOURS.frameStroke);
    const prompts = items.filter((i) => i.fill === NOTE_FILLS['light-blue']);
    expect(frames).toHaveLength(5);
    expect(prompts).toHaveLength(5);
    for (const prompt of prompts) {
      const frame = frames.find((f) => prompt.x >= f.x && prompt.x + prompt.w <= f.x + f.w && prompt.y >= f.y && prompt.y + prompt.h <= f.y + f.h);
      expect(frame, 'each prompt inside a frame').toBeDefined();
      expect(items.indexOf(frame!)).toBeLessThan(items.indexOf(prompt));
    }
  });

  it('leaves out shapes whose parents never reach a page', () => {
    const shape = (id: string, parentId: string) => ({ id, typeName: 'shape', type: 'geo', parentId, index: 'a1', x: 0, y: 0, props: { w: 10, h: 10 } });
    expect(previewItems([shape('shape:a', 'shape:b'), shape('shape:b', 'shape:a'), shape('shape:c', 'page:board')])).toHaveLength(1);
  });
});
