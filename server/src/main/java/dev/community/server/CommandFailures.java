package dev.community.server;

import dev.community.config.ConfigException;
import dev.community.storage.DataDirectoryInUseException;
import dev.community.storage.StorageUnavailableException;
import java.io.IOException;
import java.net.BindException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the launcher reports the failures a person can fix (a bad setting, a data directory in use, a port taken,
 * an unreachable database or server): one line on stderr, {@code community-server: <what is wrong and what to
 * do>}, and an exit status, instead of a stack trace. The trace still goes to the log at DEBUG. Anything else is a
 * bug and keeps picocli's stack trace.
 */
final class CommandFailures implements IExecutionExceptionHandler {
    /** Exit status of a failure at run time. */
    static final int FAILED = 1;
    /** Exit status of a bad command line or configuration (picocli's own usage errors exit 2 as well). */
    static final int USAGE = 2;
    static final String EVERY_KEY = "every key is described in docs/OPERATIONS.md";

    private static final Logger log = LoggerFactory.getLogger(CommandFailures.class);

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) throws Exception {
        Report report = reportOf(failure);
        if (report == null) {
            throw failure;
        }
        log.debug("{} failed", command.getCommandSpec().qualifiedName(), failure);
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + report.line());
        command.getErr().flush();
        return report.exitCode();
    }

    /** The one-line report of a failure a person can fix, or null for a bug. */
    static Report reportOf(Throwable failure) {
        if (failure instanceof CommandFailure known) {
            return new Report(known.getMessage(), known.exitCode());
        }
        if (failure instanceof ConfigException config) {
            return new Report(config.getMessage() + "; " + EVERY_KEY, USAGE);
        }
        if (failure instanceof DataDirectoryInUseException inUse) {
            return new Report(inUse.getMessage(), FAILED);
        }
        if (failure instanceof StorageUnavailableException storage) {
            return new Report(oneLine(storage.getMessage()) + " (check db.url, db.user and db.password)", FAILED);
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (portTaken(t)) {
                return new Report("server.port or admin.port is already in use: is another server running? Stop it,"
                        + " or choose free ports with --server.port=PORT --admin.port=PORT", FAILED);
            }
        }
        return null;
    }

    /** The JDK's NIO says BindException; Netty's epoll transport an IOException with the system's words. */
    private static boolean portTaken(Throwable t) {
        return t instanceof BindException
                || t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Address already in use");
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** What to print and how to exit. */
    record Report(String line, int exitCode) {
    }
}
