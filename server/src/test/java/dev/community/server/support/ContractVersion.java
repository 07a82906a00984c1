package dev.community.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The contract's version as docs/PROTOCOL.md states it ("**Version X.Y**"), the one every spec must carry. */
public final class ContractVersion {
    private static final Pattern STATED = Pattern.compile("\\*\\*Version (\\d+\\.\\d+)\\*\\*");

    private ContractVersion() {
    }

    /** docs/PROTOCOL.md's text (tests run in a module directory, one below the repository's root). */
    public static String protocol() throws IOException {
        return Files.readString(Path.of("").toAbsolutePath().getParent().resolve("docs/PROTOCOL.md"));
    }

    /** The version docs/PROTOCOL.md states. */
    public static String stated() throws IOException {
        Matcher stated = STATED.matcher(protocol());
        if (!stated.find()) {
            throw new AssertionError("PROTOCOL.md states no version (**Version X.Y**)");
        }
        return stated.group(1);
    }
}
