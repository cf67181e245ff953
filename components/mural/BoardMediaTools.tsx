'use client';
/** The mural and export tools of a live board's bar, and its thumbnail uploads. */
import { AddTileMenu } from './AddTileMenu';
import { BoardExportMenu } from './BoardExportMenu';
import { BoardThumbnailUploader } from './BoardThumbnailUploader';
import styles from './mural.module.css';

export interface BoardMediaToolsProps {
  boardId: string;
  title: string;
  kind: 'workshop' | 'pair' | 'mural';
  canEdit: boolean;
  canPublish: boolean;
  /** Who a tile is from ("Lee Partner, lay partner"). */
  tileLabel: string;
}

/** "Add a tile" (murals, for people who may edit), "Export" (every board) and background thumbnails. */
export function BoardMediaTools({ boardId, title, kind, canEdit, canPublish, tileLabel }: BoardMediaToolsProps) {
  return (
    <div className={styles.tools}>
      {kind === 'mural' && canEdit && <AddTileMenu label={tileLabel} />}
      <BoardExportMenu boardId={boardId} title={title} isMural={kind === 'mural'} canPublish={canPublish} />
      <BoardThumbnailUploader boardId={boardId} canEdit={canEdit} />
    </div>
  );
}
