import type { TLRecord } from '@tldraw/tlschema';
import { BOARD_PAGE_ID, documentRecords, frameShape, noteShape, siblingIndexes, textShape } from './records';

/** Templates a board can be seeded from (Board.template). */
export const BOARD_TEMPLATES = ['pair', 'workshop-1', 'workshop-2', 'workshop-3', 'mural'] as const;
export type BoardTemplate = (typeof BOARD_TEMPLATES)[number];

/** Whether `value` names a template this server can seed. */
export function isBoardTemplate(value: unknown): value is BoardTemplate {
  return typeof value === 'string' && (BOARD_TEMPLATES as readonly string[]).includes(value);
}

/** A pair as shown on a workshop board. */
export interface SeedPair {
  id: string;
  projectTitle: string;
  /** "Professional name & lay partner name", already formatted. */
  people: string;
}

/** Everything a template needs, read from the database by the caller. */
export interface BoardSeedInput {
  template: BoardTemplate;
  title: string;
  /** Pair boards: the pair's project and challenge. */
  pair?: { projectTitle: string; challenge: string };
  /** Workshop boards: the cohort's pairs, in a stable order. */
  pairs?: SeedPair[];
}

const TITLE_WIDTH = 1200;
const FRAME_GAP = 80;
const PAIR_FRAME_W = 720;
const PAIR_FRAME_H = 520;
const PAIR_FRAMES_PER_ROW = 3;
const NOTE_INSET = 40;
const TITLE_Y = -160;
const MURAL_TILES_W = 2400;
const MURAL_TILES_H = 1600;

/** The records a new board starts with: pure, so it can be tested and extended on its own. */
export function buildBoardRecords(input: BoardSeedInput): TLRecord[] {
  switch (input.template) {
    case 'pair':
      return pairBoard(input);
    case 'workshop-1':
    case 'workshop-2':
    case 'workshop-3':
      return workshopBoard(input, Number(input.template.slice(-1)));
    case 'mural':
      return muralBoard(input);
  }
}

/** A pair's board: the challenge, both perspectives, ideas and next steps. */
function pairBoard(input: BoardSeedInput): TLRecord[] {
  const areas = [
    { id: 'challenge', name: 'The challenge', prompt: input.pair?.challenge || 'What is the challenge you are working on together?' },
    { id: 'lay-perspective', name: 'The lay perspective', prompt: 'How does this look from the lay partner’s experience?' },
    { id: 'professional-perspective', name: 'The professional perspective', prompt: 'How does this look from the professional’s side?' },
    { id: 'ideas', name: 'Ideas', prompt: 'What could we try?' },
    { id: 'next-steps', name: 'Next steps', prompt: 'Who does what before the next workshop?' },
  ];
  const title = input.pair ? `${input.title}: ${input.pair.projectTitle}` : input.title;
  return [...documentRecords(input.title), ...titleAndFrames(title, areas, 3)];
}

/** A workshop board: one frame per pair, plus a shared area for the whole cohort. */
function workshopBoard(input: BoardSeedInput, workshopNumber: number): TLRecord[] {
  const pairs = input.pairs ?? [];
  const areas = [
    ...pairs.map((p) => ({ id: `pair-${p.id}`, name: `${p.projectTitle} (${p.people})`, prompt: 'Your work today' })),
    { id: 'shared', name: 'Shared area', prompt: 'Ideas for the whole cohort' },
  ];
  return [...documentRecords(input.title), ...titleAndFrames(`${input.title}: workshop ${workshopNumber}`, areas, PAIR_FRAMES_PER_ROW)];
}

/** The programme's celebration mural: a title and an area for tiles. */
function muralBoard(input: BoardSeedInput): TLRecord[] {
  const tiles = [{ id: 'tiles', name: 'Tiles', prompt: 'Add a tile about what you made together' }];
  return [...documentRecords(input.title), ...titleAndFrames(input.title, tiles, 1, MURAL_TILES_W, MURAL_TILES_H)];
}

interface Area {
  id: string;
  name: string;
  prompt: string;
}

/** A title above frames laid out in rows, each frame holding one prompt note. */
function titleAndFrames(title: string, areas: Area[], perRow: number, w = PAIR_FRAME_W, h = PAIR_FRAME_H): TLRecord[] {
  const pageOrder = siblingIndexes(areas.length + 1);
  const titleShape = textShape({ id: 'title', parentId: BOARD_PAGE_ID, index: pageOrder[0], x: 0, y: TITLE_Y, w: TITLE_WIDTH, text: title, size: 'xl' });
  const frames = areas.flatMap((area, i) => {
    const frame = frameShape({
      id: `frame-${area.id}`,
      parentId: BOARD_PAGE_ID,
      index: pageOrder[i + 1],
      x: (i % perRow) * (w + FRAME_GAP),
      y: Math.floor(i / perRow) * (h + FRAME_GAP),
      w,
      h,
      name: area.name,
    });
    const note = noteShape({
      id: `prompt-${area.id}`,
      parentId: frame.id,
      index: siblingIndexes(1)[0],
      x: NOTE_INSET,
      y: NOTE_INSET,
      text: area.prompt,
      color: 'light-blue',
    });
    return [frame, note];
  });
  return [titleShape, ...frames];
}
