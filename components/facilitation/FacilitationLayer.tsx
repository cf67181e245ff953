'use client';
import type { Editor } from 'tldraw';
import { useBoardEditor } from '@/canvas/board-editor';
import type { MemberRole } from '@/server/domain/roles';
import { Celebration } from './Celebration';
import { FacilitatorPanel } from './FacilitatorPanel';
import { SummonBanner } from './SummonBanner';
import { TimerDisplay } from './TimerDisplay';
import { useFacilitation } from './use-facilitation';
import { VotePanel } from './VotePanel';
import styles from './facilitation.module.css';

export interface FacilitationLayerProps {
  boardId: string;
  role: MemberRole;
  selfId: string;
  /** The board's tldraw editor, for following, vote dots and frames; inside a LiveBoard it comes from useBoardEditor. */
  editor?: Editor;
}

/**
 * Everything the facilitator runs, on one board screen: the timer for everyone, the summon
 * banner, voting, celebrations, and the facilitator's controls. State comes from the server's
 * events stream; nothing here is trusted by the server.
 */
export function FacilitationLayer({ boardId, role, selfId, editor: given }: FacilitationLayerProps) {
  const fromBoard = useBoardEditor();
  const editor = given ?? fromBoard ?? undefined;
  const { view, clock, celebration } = useFacilitation(boardId);
  return (
    <>
      <div className={styles.layer} data-board-overlay>
        {view && <TimerDisplay timer={view.timer} clock={clock} />}
        {view && role !== 'facilitator' && <SummonBanner summon={view.summon} selfId={selfId} editor={editor} />}
        {view?.vote && <VotePanel boardId={boardId} vote={view.vote} editor={editor} canCast />}
      </div>
      {view && role === 'facilitator' && <FacilitatorPanel boardId={boardId} view={view} selfId={selfId} editor={editor} />}
      <Celebration celebration={celebration} />
    </>
  );
}
