import type { TLRecord } from '@tldraw/tlschema';
import { getIndexAbove, type IndexKey } from '@tldraw/utils';
import { workshopPlan } from './workshop-plans';
import { BOARD_PAGE_ID, documentRecords, frameShape, noteShape, siblingIndexes, textShape } from './records';

/** Templates a board can be seeded from (Board.template). */
export const BOARD_TEMPLATES = ['pair', 'workshop-1', 'workshop-2', 'workshop-3', 'mural'] as const;
export type BoardTemplate = (typeof BOARD_TEMPLATES)[number];

/** Whether `value` names a template this server can seed. */
export function isBoardTemplate(value: unknown): value is BoardTemplate {
  return typeof value === 'string' && (BOARD_TEMPLATES as readonly string[]).includes(value);
}

/** Template prompt notes' ids start with this (after tldraw's `shape:`). */
const PROMPT_ID_PREFIX = 'prompt-';

/** Whether a shape id is a template's prompt note: a question to answer, not an idea to vote on. */
export function isTemplatePromptId(shapeId: string): boolean {
  return shapeId.startsWith(`shape:${PROMPT_ID_PREFIX}`);
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
/** A default note is 200 px wide: prompts sit side by side with a gap. */
const NOTE_STEP = 220;
const AGENDA_W = 520;
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
  // A pair's board is usually named after its project: say it once.
  const project = input.pair?.projectTitle;
  const title = project && project !== input.title ? `${input.title}: ${project}` : input.title;
  return [...documentRecords(input.title), ...titleAndFrames(title, areas, 3)];
}

/**
 * A workshop board: the day's theme and agenda, one frame per pair with the day's question,
 * and a shared area with the questions for the whole cohort (see workshop-plans.ts).
 */
function workshopBoard(input: BoardSeedInput, workshopNumber: number): TLRecord[] {
  const plan = workshopPlan(workshopNumber);
  const pairs = input.pairs ?? [];
  const areas: Area[] = [
    ...pairs.map((p) => ({ id: `pair-${p.id}`, name: `${p.projectTitle} (${p.people})`, prompt: plan.pairPrompt })),
    { id: 'shared', name: 'Shared area', prompt: plan.sharedPrompts[0], more: plan.sharedPrompts.slice(1) },
  ];
  // Board titles already name the workshop ("Oxford: workshop 1"; see server/programme/board-records.ts).
  const title = `${input.title} – ${plan.theme}`;
  const board = titleAndFrames(title, areas, PAIR_FRAMES_PER_ROW);
  const lastOnPage = board.reduce<IndexKey | null>((top, r) => (r.typeName === 'shape' && r.parentId === BOARD_PAGE_ID && (!top || r.index > top) ? r.index : top), null);
  const agenda = textShape({
    id: 'agenda',
    parentId: BOARD_PAGE_ID,
    // After every frame in the page order, so the agenda never covers a frame.
    index: getIndexAbove(lastOnPage),
    x: -(AGENDA_W + FRAME_GAP),
    y: 0,
    w: AGENDA_W,
    text: ['Agenda for the day', ...plan.agenda.map((item) => `${item.time}  ${item.activity}`)].join('\n'),
    size: 's',
    locked: true,
  });
  return [...documentRecords(input.title), ...board, agenda];
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
  /** Further prompts, placed beside the first one. */
  more?: string[];
}

/** A title above frames laid out in rows, each frame holding one prompt note. */
function titleAndFrames(title: string, areas: Area[], perRow: number, w = PAIR_FRAME_W, h = PAIR_FRAME_H): TLRecord[] {
  const pageOrder = siblingIndexes(areas.length + 1);
  const titleShape = textShape({ id: 'title', parentId: BOARD_PAGE_ID, index: pageOrder[0], x: 0, y: TITLE_Y, w: TITLE_WIDTH, text: title, size: 'xl', locked: true });
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
    const prompts = [area.prompt, ...(area.more ?? [])];
    const order = siblingIndexes(prompts.length);
    const notes = prompts.map((text, n) =>
      noteShape({
        // The first prompt keeps its plain id: boards seeded before extra prompts existed use it.
        id: n === 0 ? `${PROMPT_ID_PREFIX}${area.id}` : `${PROMPT_ID_PREFIX}${area.id}-${n + 1}`,
        parentId: frame.id,
        index: order[n],
        x: NOTE_INSET + n * NOTE_STEP,
        y: NOTE_INSET,
        text,
        color: 'light-blue',
        locked: true,
      }),
    );
    return [frame, ...notes];
  });
  return [titleShape, ...frames];
}
