package io.shapes.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry of server owners is this user's alone: nobody else can plant a note there. */
class OrphanReaperTest {
    @TempDir
    Path dir;

    @Test
    void theRegistryIsAPrivateDirectoryOfThisUser() throws IOException {
        OrphanReaper registry = new OrphanReaper(dir.resolve("owners"));
        registry.note(dir.resolve("data"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("owners"))));
        try (var notes = Files.list(dir.resolve("owners"))) {
            Path note = notes.findFirst().orElseThrow();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(note)));
        }
        registry.forget(dir.resolve("data"));
        try (var notes = Files.list(dir.resolve("owners"))) {
            assertEquals(0, notes.count(), "forgetting removes the note");
        }
    }

    @Test
    void aRegistryThatIsASymbolicLinkIsRefused() throws IOException {
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(dir.resolve("owners"), elsewhere);
        OrphanReaper registry = new OrphanReaper(dir.resolve("owners"));
        IOException refused = assertThrows(IOException.class, () -> registry.note(dir.resolve("data")));
        assertTrue(refused.getMessage().contains("symbolic link"), refused.getMessage());
        try (var notes = Files.list(elsewhere)) {
            assertEquals(0, notes.count(), "nothing was written through the link");
        }
    }

    @Test
    void aRegistryOpenToOthersIsRefused() throws IOException {
        Files.createDirectory(dir.resolve("owners"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(dir.resolve("owners"), PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class,
                () -> new OrphanReaper(dir.resolve("owners")).note(dir.resolve("data")));
        assertTrue(refused.getMessage().contains("rwxrwxrwx"), refused.getMessage());
    }

    @Test
    void aNoteThatIsASymbolicLinkIsNotFollowed() throws IOException {
        OrphanReaper registry = new OrphanReaper(dir.resolve("owners"));
        registry.privateDirectory();
        Path planted = Files.writeString(dir.resolve("planted"), "1\n" + dir.resolve("someone-elses-data") + "\n");
        Path link = Files.createSymbolicLink(dir.resolve("owners").resolve("evil.owner"), planted);
        registry.reapAll();
        assertTrue(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the planted link is left alone");
        assertTrue(Files.exists(planted), "and its target untouched");
    }
}
