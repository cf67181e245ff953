import { describe, expect } from 'vitest';
import type WebSocket from 'ws';
import { realtimeTest as it } from '../helpers/realtime-fixture';
import { waitFor } from '../helpers/db';

type PresenceState = { user?: { id: string; name: string; role: string } } | undefined;

describe('presence on the server', () => {
  it('carries the server-verified identity, whatever the client claims, and a closed socket leaves at once', async ({ boards, realtime }) => {
    const editor = await realtime.connect(boards.professional, boards.pairBoardId);
    const viewer = await realtime.connect(boards.colleague, boards.pairBoardId);
    viewer.provider.awareness.setLocalStateField('user', { id: boards.facilitator.id, name: 'Fran Facilitator', role: 'facilitator', color: '#000' });
    const presenceOfViewer = () => editor.provider.awareness.getStates().get(viewer.doc.clientID) as PresenceState;
    await waitFor(() => presenceOfViewer()?.user?.id === boards.colleague.id, 5000, 'identity rewritten');
    expect(presenceOfViewer()?.user).toMatchObject({ id: boards.colleague.id, name: boards.colleague.name, role: 'professional' });

    // y-websocket says no goodbye over the socket when it closes: the server removes the presence itself.
    viewer.destroy();
    await waitFor(() => !editor.provider.awareness.getStates().has(viewer.doc.clientID), 5000, 'presence removed on close');
  });

  it('a device that vanishes without closing its socket (a laptop lid shut, a dropped network) leaves at the next missed ping', async ({ boards, realtime }) => {
    // Pings far apart from awareness's own 30 s timeout, so only the missed ping can remove it here.
    await realtime.start({ limits: { pingIntervalMs: 200 } });
    const watcher = await realtime.connect(boards.facilitator, boards.workshopBoardId);
    const leaver = await realtime.connect(boards.layPartner, boards.workshopBoardId);
    leaver.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    await waitFor(() => (watcher.provider.awareness.getStates().get(leaver.doc.clientID) as PresenceState)?.user?.id === boards.layPartner.id, 5000, 'the lay partner is present');

    // The socket stays open but nothing on it answers any more: no pong to the server's ping.
    const socket = leaver.provider.ws as unknown as WebSocket;
    socket.pause();
    await waitFor(() => !watcher.provider.awareness.getStates().has(leaver.doc.clientID), 5000, 'presence removed at the missed ping');
    expect(watcher.provider.wsconnected).toBe(true);
    socket.resume();
  });
});
