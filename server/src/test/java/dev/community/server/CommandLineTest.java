package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a newcomer meets it: --version, --help, the token command, and one-line failures. */
class CommandLineTest {
    @TempDir
    Path dataDir;

    @Test
    void versionPrintsTheBuildsVersion() {
        for (String flag : new String[] {"-V", "--version"}) {
            Launcher.Run run = Launcher.run(flag);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("community-server " + Version.number() + System.lineSeparator());
            assertThat(Version.number()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void helpSaysThatNoCommandStartsTheServerAndListsCommandsAndCommonKeys() {
        Launcher.Run run = Launcher.run("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsSubsequence(
                "Usage: community-server [--key=value...]        runs the server",
                "       community-server token|chat [OPTIONS]   see COMMAND --help",
                "With no command, runs the community messaging server: WebSockets and the REST",
                "Commands:",
                "  token  Prints an access token for local development.",
                "  chat   Chats in a room from the terminal.",
                "Common settings (default):",
                "  --server.port=PORT        WebSockets and REST (8080)",
                "  --admin.port=PORT         /metrics, /health, /ready, admin API (9090)",
                "  --data.dir=DIR            embedded store, generated JWT secret (./data)",
                "  --db.url=JDBC_URL         PostgreSQL: jdbc:postgresql://HOST/DB (embedded)",
                "  --redis.url=URL           Redis for several nodes (single node)",
                "  --auth.jwt.secret=SECRET  the host's HS256 secret (generated in data.dir)",
                "  --web.dev_sign_in=true    development sign-in at /lounge/ (false)",
                "  --log.level=LEVEL         TRACE, DEBUG, INFO, WARN, ERROR (INFO)",
                "Every key, its default and how to tune it: docs/OPERATIONS.md");
        assertThat(run.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void tokenHelpListsEveryOptionItTakesDataDirIncluded() {
        Launcher.Run run = Launcher.run("token", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(options(run.out())).containsExactly("USER_ID", "--username=NAME", "--ttl-hours=HOURS",
                "--trust-level=LEVEL", "--staff", "--joined-days-ago=DAYS", "--data.dir=DIR", "--config=FILE",
                "--auth.jwt.secret=SECRET", "--auth.jwt.issuer=ISSUER", "--auth.jwt.audience=AUDIENCE", "-h,", "-V,");
        assertThat(run.out()).containsPattern("--data\\.dir=DIR +the server's data directory, where it generated its")
                .contains("Any other --key=value server setting is accepted too, and checked as the server");
    }

    @Test
    void chatHelpListsTheDataDirToo() {
        Launcher.Run run = Launcher.run("chat", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(options(run.out())).containsExactly("--user=USER_ID", "--room=ROOM", "--url=URL", "--token=JWT",
                "--data.dir=DIR", "--config=FILE", "--auth.jwt.secret=SECRET", "--auth.jwt.issuer=ISSUER",
                "--auth.jwt.audience=AUDIENCE", "-h,", "-V,");
    }

    /** The first word of each option row of a usage message. */
    private static List<String> options(String usage) {
        return usage.lines().filter(line -> line.matches(" {2,6}(-|USER_ID).*")).map(line -> line.strip().split(" +")[0])
                .toList();
    }

    @Test
    void aBadValueIsOneLineNamingTheKeyWithoutAStackTrace() {
        Launcher.Run run = Launcher.run("--data.dir=" + dataDir, "--server.port=abc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("community-server: server.port must be an integer (got 'abc') [set by"
                + " --server.port]; every key is described in docs/OPERATIONS.md" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadEnvironmentValueIsOneLineToo() {
        Launcher.Run run = Launcher.run(Map.of("COMMUNITY_WRITER_BATCH_SIZE", "lots"), "", "--data.dir=" + dataDir);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("community-server: writer.batch_size must be an integer (got 'lots') [set by"
                + " COMMUNITY_WRITER_BATCH_SIZE]; every key is described in docs/OPERATIONS.md" + System.lineSeparator());
    }

    @Test
    void anUnknownCommandSaysWhichCommandsThereAre() {
        Launcher.Run run = Launcher.run("start");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("community-server: unknown command 'start': the commands are token and chat;"
                + " with no command the server starts (see --help)" + System.lineSeparator());
    }

    @Test
    void tokenSignsWithTheSecretGeneratedInTheDataDirectory() throws Exception {
        Launcher.Run run = Launcher.run("token", "alice", "--data.dir=" + dataDir, "--staff", "--trust-level=3",
                "--username=Alice A.", "--joined-days-ago=10", "--ttl-hours=2");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String secret = Files.readString(dataDir.resolve("jwt-secret")).strip();
        DecodedJWT jwt = JWT.require(Algorithm.HMAC256(secret)).build().verify(run.out().strip());
        assertThat(jwt.getSubject()).isEqualTo("alice");
        assertThat(jwt.getClaim("username").asString()).isEqualTo("Alice A.");
        assertThat(jwt.getClaim("staff").asBoolean()).isTrue();
        assertThat(jwt.getClaim("trust_level").asInt()).isEqualTo(3);
        assertThat(Duration.between(Instant.ofEpochSecond(jwt.getClaim("joined_at").asLong()), Instant.now()))
                .isBetween(Duration.ofDays(10), Duration.ofDays(10).plusMinutes(1));
        assertThat(Duration.between(jwt.getIssuedAtAsInstant(), jwt.getExpiresAtAsInstant())).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void tokenRefusesAUserIdOutsideTheContractInOneLine() {
        Launcher.Run run = Launcher.run("token", "bob smith", "--data.dir=" + dataDir);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("community-server token: USER_ID must be 1-64 characters of"
                + " [A-Za-z0-9_.:@-] (got 'bob smith')" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void tokenSaysWhyItCannotSignWhenTheServerVerifiesWithAPublicKey() throws Exception {
        Path key = Files.writeString(dataDir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
        Launcher.Run run = Launcher.run("token", "alice", "--data.dir=" + dataDir, "--auth.jwt.algorithm=RS256",
                "--auth.jwt.public_key_file=" + key);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("community-server token: minting a token needs the server's HS256 secret;"
                + " with auth.jwt.algorithm=RS256 tokens come from the host application" + System.lineSeparator());
    }
}
