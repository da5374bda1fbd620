package io.tributary.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * How the engine opens files (segments, indexes, metadata, directories for fsync). The default is the real file
 * system; tests substitute channels that fail on demand to prove the engine survives a full or failing disk.
 */
@FunctionalInterface
public interface StorageIo {

    StorageIo DEFAULT = FileChannel::open;

    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
}
