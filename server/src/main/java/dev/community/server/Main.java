package dev.community.server;

import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** The launcher: runs the server, or (sub-command {@code token}) mints an access token for local use. */
@Command(name = "community-server", mixinStandardHelpOptions = true, subcommands = {TokenCommand.class, ChatCommand.class},
        description = "Runs the community messaging server. Settings are --key=value flags (see docs/OPERATIONS.md).")
public final class Main implements Callable<Integer> {
    @Unmatched
    private List<String> settings = new java.util.ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ConfigLoader.load(settings.toArray(String[]::new), System.getenv());
        Logging.apply(config);
        CommunityServer server = new CommunityServer(config, Clock.systemUTC());
        ShutdownSignals.onTermOrInt(server::close);
        server.start();
        server.awaitStopped();
        return 0;
    }
}
