package dev.community.server.lounge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Maps a request path below {@code /lounge/} to a file of the built client in {@code web.dir}. Anything that
 * could step outside the directory — {@code ..}, hidden names, backslashes, NUL, symbolic links pointing out —
 * is simply not found. A path without a file extension that names no file is a client-side route (for example
 * {@code /lounge/<roomId>}) and gets index.html; a missing file with an extension stays a 404, so a stale
 * script URL never receives HTML.
 */
final class LoungeFiles {
    static final String INDEX = "index.html";
    /** Vite's assetsDir: every file in it carries a content hash in its name and never changes. */
    static final String ASSETS = "assets/";

    /** What a path resolved to. */
    sealed interface Target {
    }

    /** A file to send; {@code immutable} for content-hashed assets, cached for a year. */
    record FileTarget(Path file, boolean immutable) implements Target {
    }

    /** No such file (or a path that tried to leave the directory). */
    record NotFound() implements Target {
    }

    /** The client was never built into {@code web.dir}: the page says how to build it. */
    record NotBuilt() implements Target {
    }

    private final Path root;

    LoungeFiles(Path dir) {
        this.root = dir.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    boolean built() {
        return Files.isRegularFile(root.resolve(INDEX));
    }

    /** @param relative the decoded request path after {@code /lounge/}, possibly empty */
    Target resolve(String relative) {
        if (relative.isEmpty() || relative.equals(INDEX)) {
            return index();
        }
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0 || relative.indexOf(':') >= 0) {
            return new NotFound();
        }
        String[] segments = relative.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean trailingSlash = segment.isEmpty() && i == segments.length - 1;
            if ((segment.isEmpty() && !trailingSlash) || segment.startsWith(".")) {
                return new NotFound();
            }
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root) || candidate.equals(root)) {
            return new NotFound();
        }
        if (Files.isRegularFile(candidate) && insideRoot(candidate)) {
            return new FileTarget(candidate, relative.startsWith(ASSETS));
        }
        String last = segments[segments.length - 1];
        if (last.contains(".") || relative.startsWith(ASSETS)) {
            return new NotFound();
        }
        return index();
    }

    private Target index() {
        Path index = root.resolve(INDEX);
        return Files.isRegularFile(index) ? new FileTarget(index, false) : new NotBuilt();
    }

    /** Follows links: a symbolic link inside the directory must not lead to a file outside it. */
    private boolean insideRoot(Path candidate) {
        try {
            return candidate.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
