'use client';
/**
 * The tldraw canvas of a live board. Loaded only in the browser (see LiveBoard), after this
 * device's copy of the board is ready, so tldraw never starts on an empty document and never
 * seeds one itself.
 */
import { memo, useEffect, useState } from 'react';
import {
  Tldraw,
  UserRecordType,
  atom,
  createTLStore,
  createUserId,
  defaultBindingUtils,
  defaultShapeUtils,
  useEditor,
  useTldrawCurrentUser,
  useToasts,
  useTranslation,
  type Editor,
  type TLComponents,
  type TLUiOverrides,
  type TLUser,
  type TLUserPreferences,
} from 'tldraw';
import { getAssetUrls } from '@tldraw/assets/selfHosted';
import 'tldraw/tldraw.css';
import { can } from '../server/domain/permissions';
import { createBoardAssetStore } from './assets/board-asset-store';
import { registerPictureChecks } from './assets/picture-checks';
import { stampAuthorOnCreate } from './authorship';
import type { BoardConnection } from './board-connection';
import { dropCopiesOfLockedShapes } from './locked-copies';
import type { VerifiedUser } from './people';
import { mirrorRemotePresence, publishLocalPresence } from './presence';
import { ResponseBadges } from './responses/ResponseBadges';
import { RESPOND_ACTION, withRespondAction } from './responses/ResponsesPanel';
import { openFittedToContent } from './start-view';
import { WritingLabels } from './WritingLabels';
import { dropTextSelectionAfterWriting } from './text-selection';
import { TURN_TAKING_SHAPE_UTILS, startWritingTurns } from './writing-turns';
import { StoreDocBinding } from './yjs-binding';

// Icons, fonts and translations are served by the app itself (copied at install): a board
// page must not depend on any other host (venue Wi-Fi, hospital proxies, offline use).
const assetUrls = getAssetUrls({ baseUrl: '/tldraw' });

/** In front of the canvas: "Sam is writing…" on notes others are writing in (writing-turns.ts) and each note's reactions and comments; stable, as tldraw asks. */
function InFrontOfTheCanvas() {
  return (
    <>
      <WritingLabels />
      <ResponseBadges />
    </>
  );
}
const COMPONENTS: TLComponents = { InFrontOfTheCanvas };

/**
 * Only facilitators lock and unlock shapes (the server refuses anyone else's change to
 * `isLocked`, see server/realtime/shape-locks.ts), so others are not offered it: no menu item,
 * no Shift+L, no "Unlock all". Everyone gets Shift+C to the selected note's reactions and
 * comments (responses/ResponsesPanel.tsx). Defined once here: tldraw rebuilds its UI when
 * `overrides` changes identity.
 */
const WITHOUT_LOCKING: TLUiOverrides = {
  actions(_editor, actions) {
    const { 'toggle-lock': _toggle, 'unlock-all': _unlockAll, ...rest } = actions;
    return withRespondAction(rest);
  },
};

/** Checks files put on the board before tldraw shows or uploads them (inside tldraw, where its toasts live). */
function PictureChecks() {
  const editor = useEditor();
  const toasts = useToasts();
  const msg = useTranslation();
  // After tldraw's own handlers (registered as it mounts, before its children's effects).
  useEffect(() => registerPictureChecks(editor, { toasts, msg }), [editor, toasts, msg]);
  return null;
}

interface BoardCanvasProps {
  connection: BoardConnection;
  self: VerifiedUser;
  canEdit: boolean;
  /** Told about the editor once tldraw mounts (and null when it goes), for layers over the canvas. */
  onEditor?: (editor: Editor | null) => void;
  /** A projector: shows the board read-only with no cursor or presence of its own. */
  spectator?: boolean;
}

function userRecord(self: VerifiedUser): TLUser {
  return UserRecordType.create({ id: createUserId(self.id), name: self.name, color: self.color });
}

/** Creates the store and loads the board into it before tldraw first renders. */
function createBoard(connection: BoardConnection, self: VerifiedUser, canEdit: boolean, spectator: boolean) {
  const $user = atom<TLUser | null>('current user', userRecord(self));
  const $mode = atom<'readonly' | 'readwrite'>('board mode', canEdit ? 'readwrite' : 'readonly');
  const store = createTLStore({
    shapeUtils: [...defaultShapeUtils.filter((util) => !TURN_TAKING_SHAPE_UTILS.some((own) => own.type === util.type)), ...TURN_TAKING_SHAPE_UTILS],
    bindingUtils: defaultBindingUtils,
    users: { currentUser: $user },
    // `status: null`: the page shows its own single save status; tldraw should not add another.
    collaboration: { mode: $mode, status: null },
    // Pictures go to the server, never inline (base64) into the shared document.
    assets: createBoardAssetStore(connection.boardId),
  });
  const binding = new StoreDocBinding(store, connection.doc, {
    // A projector writes nothing, whoever's browser it is in (tldraw would write its own user
    // record, which the server refuses for a facilitator's session, again and again).
    canWrite: spectator ? () => false : connection.canWrite,
    onHeld: spectator ? undefined : connection.setHeldChanges,
    // Deferred: this can run while React renders, and the page reacts by re-rendering.
    onNewerSchema: () => queueMicrotask(() => connection.requireReload()),
  });
  const loaded = binding.load() === 'loaded';
  return { store, binding, $user, $mode, loaded };
}

/**
 * tldraw bound to the board's Y.Doc, with presence, read-only mode and self-hosted assets.
 * Memoised: the page draws again at every save status change (twice a keystroke), the canvas
 * only when what it is given changes.
 */
export default memo(function BoardCanvas({ connection, self, canEdit, onEditor, spectator = false }: BoardCanvasProps) {
  const [board] = useState(() => createBoard(connection, self, canEdit, spectator));
  const { store, binding, $user, $mode, loaded } = board;

  const [editor, setEditor] = useState<Editor | null>(null);
  useEffect(() => {
    if (canEdit) {
      $mode.set('readwrite');
      // Changes held while the board was locked are written now.
      binding.flush();
      return;
    }
    // Locked (or the access went) while this person may be typing in a note: what they typed
    // so far is gathered at once, and the note closes, so nothing typed from now on can look
    // accepted (tldraw leaves an open note open, and typing in it was later dropped).
    binding.flush();
    if (editor?.getEditingShapeId()) editor.setCurrentTool('select.idle');
    $mode.set('readonly');
  }, [$mode, binding, canEdit, editor]);

  useEffect(() => {
    // The server picks each person's colour; it arrives with presence after connecting.
    $user.set(userRecord(self));
  }, [$user, self]);

  useEffect(() => {
    if (!loaded) return;
    binding.start();
    const stopMirror = mirrorRemotePresence(store, connection.awareness);
    // Write the last gathered change before the page goes away (closing the lid, reloading).
    const flush = () => binding.flush();
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      document.removeEventListener('visibilitychange', flush);
      stopMirror();
      binding.dispose();
    };
  }, [connection, store, binding, loaded]);

  const [preferences, setPreferences] = useState<TLUserPreferences>({ id: self.id });
  // Name and colour always come from the server; other preferences (dark mode...) are the person's.
  const user = useTldrawCurrentUser({
    userPreferences: { ...preferences, id: self.id, name: self.name, color: self.color },
    setUserPreferences: setPreferences,
  });

  if (!loaded) return null;
  const onMount = (editor: Editor) => {
    editor.updateInstanceState({ isReadonly: spectator || !connection.canWrite() });
    setEditor(editor);
    onEditor?.(editor);
    if (spectator) connection.awareness.setLocalState(null);
    const stopPresence = spectator ? null : publishLocalPresence(store, connection.awareness, $user);
    const stopAuthorship = stampAuthorOnCreate(editor, self);
    const stopLockedCopies = can(self.role, 'board.lock') ? null : dropCopiesOfLockedShapes(editor);
    binding.protectWhileWriting(() => editor.getEditingShapeId());
    const stopTurns = spectator ? null : startWritingTurns(editor, connection.awareness, (id) => binding.reload(id));
    // A projector places its own view (components/facilitation/ProjectorCanvas).
    const stopFitting = spectator ? null : openFittedToContent(editor);
    const stopDroppingSelection = dropTextSelectionAfterWriting(editor);
    return () => {
      stopDroppingSelection();
      setEditor(null);
      onEditor?.(null);
      stopPresence?.();
      stopAuthorship();
      stopLockedCopies?.();
      stopTurns?.();
      binding.protectWhileWriting(() => null);
      stopFitting?.();
    };
  };
  return (
    <Tldraw
      store={store}
      user={user}
      assetUrls={assetUrls}
      licenseKey={process.env.NEXT_PUBLIC_TLDRAW_LICENSE_KEY}
      overrides={can(self.role, 'board.lock') ? RESPOND_ACTION : WITHOUT_LOCKING}
      shapeUtils={TURN_TAKING_SHAPE_UTILS}
      components={COMPONENTS}
      onMount={onMount}
    >
      <PictureChecks />
    </Tldraw>
  );
});
