package io.tributary.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What the cleaner remembers of a partition between cleanings and restarts, in {@code cleaner-offset-checkpoint}
 * (Kafka keeps the same per log directory): where the dirty part starts (records before it were cleaned against every
 * key written up to there) and when the earliest tombstone kept by the last cleaning expires. Only an optimisation:
 * a lost or unreadable file means "all dirty, no tombstone known", so the next cleaning redoes the work; it is
 * replaced atomically all the same.
 *
 * @param firstDirtyOffset   the first offset not yet cleaned
 * @param tombstonesExpireAt the earliest delete horizon of a tombstone the cleaner kept, {@link Long#MAX_VALUE} if none
 */
record CleanerCheckpoint(long firstDirtyOffset, long tombstonesExpireAt) {

    static final CleanerCheckpoint NONE = new CleanerCheckpoint(0, Long.MAX_VALUE);
    private static final String VERSION = "1";

    static CleanerCheckpoint read(Path partitionDir) {
        try {
            String[] fields = Files.readString(partitionDir.resolve(LogFiles.CLEANER_CHECKPOINT), StandardCharsets.UTF_8)
                    .trim().split(" ");
            if (fields.length == 3 && fields[0].equals(VERSION)) {
                return new CleanerCheckpoint(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
            }
        } catch (NoSuchFileException | NumberFormatException e) {
            // never cleaned, or not ours: start over
        } catch (IOException e) {
            System.getLogger(CleanerCheckpoint.class.getName()).log(System.Logger.Level.WARNING,
                    "Could not read the cleaner checkpoint of " + partitionDir.getFileName() + "; cleaning it all again", e);
        }
        return NONE;
    }

    void write(StorageIo io, Path partitionDir) throws IOException {
        String line = VERSION + " " + firstDirtyOffset + " " + tombstonesExpireAt + "\n";
        LogFiles.writeAtomically(io, partitionDir.resolve(LogFiles.CLEANER_CHECKPOINT), line.getBytes(StandardCharsets.UTF_8));
    }
}
