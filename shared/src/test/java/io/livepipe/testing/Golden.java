package io.livepipe.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden text files: an output pinned as readable text under {@code src/test/resources}, so that
 * every change to it shows as a diff in review. {@code -Dgolden.update=true} rewrites the files
 * from what the code now produces (then read the diff before committing it).
 */
public final class Golden {
    public static final String UPDATE = "golden.update";

    private Golden() { }

    /** Compares {@code actual} with {@code dir/name} (relative to the module), or writes it when updating. */
    public static void assertMatches(String dir, String name, String actual) {
        Path file = Path.of("src/test/resources").resolve(dir).resolve(name);
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual, StandardCharsets.UTF_8);
                return;
            }
            if (!Files.exists(file)) throw new AssertionError(file + " is missing: run with -D" + UPDATE + "=true to write it");
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                    file + " differs (rerun with -D" + UPDATE + "=true if the change is intended, and read the diff)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
