package dev.community.admin;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One dependency {@code GET /ready} reports on, e.g. {@code database} or {@code redis}.
 *
 * <p>{@link #isReady()} may block (a database ping, say). The admin server calls it on its own probe executor,
 * never on an event loop, starts at most one call per check at a time (a probe that is still running from an
 * earlier request is awaited again rather than started twice), and counts a call that has not answered within
 * the readiness timeout (2 s by default) as down. An exception counts as down too.
 */
public interface ReadinessCheck {

    /** The name shown in the {@code /ready} body: short, lower case, unique among the checks of a server. */
    String name();

    /** True when the dependency answers now. Called on an admin probe thread; may block briefly. */
    boolean isReady();

    /** A check from a name and a probe, for the common case of a lambda. */
    static ReadinessCheck of(String name, BooleanSupplier probe) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(probe, "probe");
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                return probe.getAsBoolean();
            }

            @Override
            public String toString() {
                return "ReadinessCheck[" + name + "]";
            }
        };
    }
}
