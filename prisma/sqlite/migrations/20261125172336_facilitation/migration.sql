-- CreateTable
CREATE TABLE "BoardFacilitation" (
    "boardId" TEXT NOT NULL PRIMARY KEY,
    "timerStatus" TEXT NOT NULL DEFAULT 'stopped',
    "timerDurationMs" INTEGER NOT NULL DEFAULT 0,
    "timerRemainingMs" INTEGER NOT NULL DEFAULT 0,
    "timerEndsAt" DATETIME,
    "summonUserId" TEXT,
    "summonedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BoardFacilitation_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Vote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "frameId" TEXT,
    "votesPerPerson" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "startedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revealedAt" DATETIME,
    "closedAt" DATETIME,
    CONSTRAINT "Vote_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VoteBallot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "voteId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "shapeId" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VoteBallot_voteId_fkey" FOREIGN KEY ("voteId") REFERENCES "Vote" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DisplayLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    CONSTRAINT "DisplayLink_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Vote_boardId_createdAt_idx" ON "Vote"("boardId", "createdAt");

-- CreateIndex
CREATE INDEX "VoteBallot_voteId_shapeId_idx" ON "VoteBallot"("voteId", "shapeId");

-- CreateIndex
CREATE UNIQUE INDEX "VoteBallot_voteId_userId_slot_key" ON "VoteBallot"("voteId", "userId", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "DisplayLink_tokenHash_key" ON "DisplayLink"("tokenHash");

-- CreateIndex
CREATE INDEX "DisplayLink_boardId_idx" ON "DisplayLink"("boardId");
