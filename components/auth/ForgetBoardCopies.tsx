'use client';
import { useEffect, useState } from 'react';
import { forgetBoardCopies } from '@/canvas/device-copies';

/**
 * Shown after signing out: removes this device's copies of boards (so the next person on a
 * shared computer cannot open them offline), keeping any with changes not saved yet.
 */
export function ForgetBoardCopies() {
  const [result, setResult] = useState<{ removed: number; kept: number } | null>(null);
  useEffect(() => {
    let active = true;
    forgetBoardCopies()
      .then((outcome) => active && setResult(outcome))
      .catch(() => active && setResult({ removed: 0, kept: 0 }));
    return () => {
      active = false;
    };
  }, []);
  if (!result) return null;
  if (result.kept > 0) {
    const boards = result.kept === 1 ? '1 board has' : `${result.kept} boards have`;
    return (
      <p className="notice warn" role="status" data-testid="board-copies">
        {boards} changes on this computer that have not been saved yet, so they are kept here. Sign in again on this computer and open
        the board to save them.
      </p>
    );
  }
  return (
    <p className="notice ok" role="status" data-testid="board-copies">
      The copies of boards kept on this computer have been removed.
    </p>
  );
}
