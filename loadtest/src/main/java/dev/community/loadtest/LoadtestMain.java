package dev.community.loadtest;

import dev.community.loadtest.sink.WebhookSinkCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The launcher: {@code community-loadtest SCENARIO [options]}, and the benchmarks' {@code webhook-sink}. */
@Command(name = "community-loadtest", mixinStandardHelpOptions = true,
        subcommands = {ScenarioCommands.Fanout.class, ScenarioCommands.Rooms.class, ScenarioCommands.Ingest.class,
                ScenarioCommands.ConnectStorm.class, ScenarioCommands.Idle.class, ScenarioCommands.Resume.class,
                ScenarioCommands.Abuse.class, ScenarioCommands.RestartStorm.class, ScenarioCommands.Soak.class,
                ScenarioCommands.Stream.class, WebhookSinkCommand.class},
        description = "Loads a community server on this machine while auditing every delivery. Exit code 0: the audit"
                + " passed; 1: a message was lost, doubled, reordered or left unanswered; 2: bad options; 3: not every client connected.")
public final class LoadtestMain implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every scenario. */
    public static CommandLine commandLine() {
        return new CommandLine(new LoadtestMain());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ScenarioCommand.USAGE;
    }
}
