-- CreateTable
CREATE TABLE "BoardAsset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BoardAsset_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MuralEdition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "boardId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "snapshot" BLOB NOT NULL,
    "imageFile" TEXT NOT NULL,
    "thumbnailFile" TEXT NOT NULL,
    "imageWidth" INTEGER NOT NULL,
    "imageHeight" INTEGER NOT NULL,
    "publishedById" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MuralEdition_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EditionShareLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "editionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "EditionShareLink_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "MuralEdition" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BoardThumbnail" (
    "boardId" TEXT NOT NULL PRIMARY KEY,
    "fileName" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BoardThumbnail_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "BoardAsset_fileName_key" ON "BoardAsset"("fileName");

-- CreateIndex
CREATE INDEX "BoardAsset_boardId_idx" ON "BoardAsset"("boardId");

-- CreateIndex
CREATE UNIQUE INDEX "MuralEdition_imageFile_key" ON "MuralEdition"("imageFile");

-- CreateIndex
CREATE UNIQUE INDEX "MuralEdition_thumbnailFile_key" ON "MuralEdition"("thumbnailFile");

-- CreateIndex
CREATE INDEX "MuralEdition_boardId_publishedAt_idx" ON "MuralEdition"("boardId", "publishedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EditionShareLink_tokenHash_key" ON "EditionShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "EditionShareLink_editionId_idx" ON "EditionShareLink"("editionId");
