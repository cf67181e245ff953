-- CreateTable
CREATE TABLE "StoredFile" (
    "name" TEXT NOT NULL,
    "boardId" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "StoredFile_boardId_idx" ON "StoredFile"("boardId");

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE CASCADE ON UPDATE CASCADE;
