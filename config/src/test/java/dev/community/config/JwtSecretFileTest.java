package dev.community.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JwtSecretFileTest {

    @TempDir
    Path tmp;

    @Test
    void createsA48ByteBase64UrlSecretOnceAndReadsItBackAfterwards() throws IOException {
        Path dataDir = tmp.resolve("data");
        String first = JwtSecretFile.readOrCreate(dataDir);

        assertThat(first).hasSize(64).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(48);
        assertThat(Files.readString(dataDir.resolve("jwt-secret"))).isEqualTo(first);
        assertThat(JwtSecretFile.readOrCreate(dataDir)).isEqualTo(first);
        // Only the secret: no temporary file is left behind.
        try (var files = Files.list(dataDir)) {
            assertThat(files).containsExactly(dataDir.resolve("jwt-secret"));
        }
    }

    @Test
    void theSecretFileIsReadableByItsOwnerOnly() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path dataDir = tmp.resolve("data");
        JwtSecretFile.readOrCreate(dataDir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(JwtSecretFile.path(dataDir))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    }

    @Test
    void createsMissingParentDirectories() {
        Path dataDir = tmp.resolve("a").resolve("b").resolve("data");
        JwtSecretFile.readOrCreate(dataDir);
        assertThat(dataDir.resolve("jwt-secret")).isRegularFile();
    }

    @Test
    void differentDataDirsGetDifferentSecrets() {
        assertThat(JwtSecretFile.readOrCreate(tmp.resolve("one")))
                .isNotEqualTo(JwtSecretFile.readOrCreate(tmp.resolve("two")));
    }

    @Test
    void anExistingOperatorSecretIsReadWithoutItsTrailingNewline() throws IOException {
        String secret = "an-operator-chosen-secret-of-40-bytes-ok";
        Files.writeString(tmp.resolve("jwt-secret"), secret + "\n");
        assertThat(JwtSecretFile.readOrCreate(tmp)).isEqualTo(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "   \n"})
    void anEmptySecretFileIsAnErrorNotARegeneration(String content) throws IOException {
        Path file = Files.writeString(tmp.resolve("jwt-secret"), content);
        assertThatThrownBy(() -> JwtSecretFile.readOrCreate(tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.secret file " + file + " is empty");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void aShortSecretFileIsAnError() throws IOException {
        Path file = Files.writeString(tmp.resolve("jwt-secret"), "too-short");
        assertThatThrownBy(() -> JwtSecretFile.readOrCreate(tmp))
                .isInstanceOf(ConfigException.class)
                .hasMessage("auth.jwt.secret file " + file + " must hold at least 32 bytes (got 9)");
    }

    @Test
    void aDataDirThatIsAFileIsAnErrorNamingDataDir() throws IOException {
        Path notADir = Files.writeString(tmp.resolve("data"), "I am a file");
        assertThatThrownBy(() -> JwtSecretFile.readOrCreate(notADir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auth.jwt.secret is not set and no secret could be generated in "
                        + notADir.resolve("jwt-secret") + " (data.dir must be writable)");
    }
}
