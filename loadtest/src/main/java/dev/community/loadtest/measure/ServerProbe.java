package dev.community.loadtest.measure;

/** Reads the server's CPU and memory from wherever this run can see them. Never throws: unknown is a value. */
@FunctionalInterface
public interface ServerProbe {
    ServerProbe NONE = () -> ServerSample.UNKNOWN;

    ServerSample sample();

    /** This probe's readings, with what it does not know read from {@code fallback}. */
    default ServerProbe orElse(ServerProbe fallback) {
        return () -> sample().orElse(fallback.sample());
    }
}
