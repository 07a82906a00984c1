package dev.community.server.lounge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoungeFilesTest {
    @TempDir
    Path tmp;
    Path dist;
    LoungeFiles files;

    @BeforeEach
    void build() throws IOException {
        dist = Files.createDirectories(tmp.resolve("dist"));
        Files.writeString(dist.resolve("index.html"), "<!doctype html>");
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/index-Ab12Cd.js"), "console.log(1)");
        Files.writeString(dist.resolve("favicon.svg"), "<svg/>");
        Files.writeString(dist.resolve(".env"), "SECRET=1");
        Files.writeString(tmp.resolve("outside.txt"), "secret");
        files = new LoungeFiles(dist);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "../outside.txt", "assets/../../outside.txt", "..", "../", "./index.html", "assets/./index-Ab12Cd.js",
            ".env", "assets/.hidden", "assets\\..\\..\\outside.txt", "..\\outside.txt", "index.html\0.js",
            "//etc/passwd", "assets//index-Ab12Cd.js", "C:/Windows/win.ini", "/etc/passwd", "...", "a/../../outside.txt"})
    void pathsThatCouldLeaveTheDirectoryAreNotFound(String relative) {
        assertThat(files.resolve(relative)).isInstanceOf(LoungeFiles.NotFound.class);
    }

    @Test
    void aSymbolicLinkPointingOutsideIsNotFollowed() throws IOException {
        Files.createSymbolicLink(dist.resolve("leak.txt"), tmp.resolve("outside.txt"));
        assertThat(files.resolve("leak.txt")).isInstanceOf(LoungeFiles.NotFound.class);
    }

    @Test
    void hashedAssetsAreImmutableAndOtherFilesAreNot() {
        assertThat(files.resolve("assets/index-Ab12Cd.js"))
                .isEqualTo(new LoungeFiles.FileTarget(dist.resolve("assets/index-Ab12Cd.js"), true));
        assertThat(files.resolve("favicon.svg")).isEqualTo(new LoungeFiles.FileTarget(dist.resolve("favicon.svg"), false));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "index.html", "0190f0c5-1234-7abc-8def-0123456789ab", "dm/0190f0c5-1234-7abc-8def-0123456789ab",
            "general/", "some/deep/route"})
    void clientSideRoutesGetTheIndex(String relative) {
        assertThat(files.resolve(relative)).isEqualTo(new LoungeFiles.FileTarget(dist.resolve("index.html"), false));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"assets/index-Old999.js", "missing.css", "assets/chunk", "robots.txt"})
    void missingFilesAreNotFoundRatherThanTheIndex(String relative) {
        assertThat(files.resolve(relative)).isInstanceOf(LoungeFiles.NotFound.class);
    }

    @Test
    void withoutAnIndexTheClientIsNotBuilt() throws IOException {
        LoungeFiles empty = new LoungeFiles(Files.createDirectories(tmp.resolve("empty")));
        assertThat(empty.built()).isFalse();
        assertThat(empty.resolve("")).isInstanceOf(LoungeFiles.NotBuilt.class);
        assertThat(empty.resolve("some-room")).isInstanceOf(LoungeFiles.NotBuilt.class);
        assertThat(new LoungeFiles(tmp.resolve("never-created")).resolve("")).isInstanceOf(LoungeFiles.NotBuilt.class);
        assertThat(files.built()).isTrue();
    }
}
