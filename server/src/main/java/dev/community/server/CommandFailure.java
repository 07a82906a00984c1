package dev.community.server;

/**
 * A failure of a command that the person running it can fix: its message is the whole report, one line saying
 * what went wrong and what to do, printed without a stack trace (see {@link CommandFailures}).
 */
final class CommandFailure extends RuntimeException {
    private final int exitCode;

    CommandFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A failure at run time (the server unreachable, a token refused...): exit status 1. */
    static CommandFailure of(String message) {
        return new CommandFailure(message, CommandFailures.FAILED);
    }

    int exitCode() {
        return exitCode;
    }
}
