-- CreateTable
CREATE TABLE "StoredFile" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "StoredFile_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "StoredFile_boardId_idx" ON "StoredFile"("boardId");
