-- Appends board updates in one statement (server/realtime/postgres-board-store.ts).
-- A board's appends are serialised by a lock on its row, held from before its new rows get their
-- ids until they commit, so the head read under the lock is the row just before them and rows
-- become visible in id order. Done from the client, that lock spanned four round trips (lock,
-- head, insert, commit) and several nodes appending to one board queued behind each other's
-- network waits. In one call it is held for the statement alone. The function is VOLATILE, so
-- under READ COMMITTED its second query takes a new snapshot, after the lock: it sees every append
-- that committed while this one waited.
-- Arguments: each row's board and bytes, in order. Returns, per board that exists, its head before
-- this call and the new rows' ids in order; a missing board returns no row.
CREATE OR REPLACE FUNCTION "together_board_append_updates"(board_ids TEXT[], payloads BYTEA[])
RETURNS TABLE ("board" TEXT, "head" INTEGER, "rowIds" INTEGER[])
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  -- In id order, so two calls never wait for each other's boards in opposite orders.
  PERFORM 1 FROM "Board" b WHERE b."id" = ANY(board_ids) ORDER BY b."id" FOR NO KEY UPDATE;
  RETURN QUERY
  WITH present AS (
    SELECT b."id" AS board_id FROM "Board" b WHERE b."id" = ANY(board_ids)
  ), heads AS (
    SELECT p.board_id,
           GREATEST(COALESCE((SELECT MAX(u."id") FROM "BoardUpdate" u WHERE u."boardId" = p.board_id), 0),
                    COALESCE((SELECT s."throughUpdateId" FROM "BoardSnapshot" s WHERE s."boardId" = p.board_id), 0)) AS head_id
    FROM present p
  ), inserted AS (
    -- Sequence values are drawn in the SELECT's order, so each board's ids follow its rows as given.
    INSERT INTO "BoardUpdate" ("boardId", "data", "createdAt")
    SELECT t.board_id, t.payload, (now() AT TIME ZONE 'UTC')
    FROM unnest(board_ids, payloads) WITH ORDINALITY AS t(board_id, payload, ord)
    WHERE t.board_id IN (SELECT board_id FROM present)
    ORDER BY t.ord
    RETURNING "BoardUpdate"."id" AS row_id, "BoardUpdate"."boardId" AS board_id
  )
  SELECT h.board_id, h.head_id, ARRAY(SELECT i.row_id FROM inserted i WHERE i.board_id = h.board_id ORDER BY i.row_id)
  FROM heads h;
END
$$;
