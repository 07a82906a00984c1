package dev.community.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every admin action that changed something (or tried to) and hands it to {@link AdminOperations#audit}.
 * The log line and the audit record carry the same detail; neither ever carries the token.
 */
final class AdminAudit {
    private static final Logger LOG = LoggerFactory.getLogger(AdminAudit.class);
    private static final int MAX_QUOTED = 200;

    private final AdminOperations ops;

    AdminAudit(AdminOperations ops) {
        this.ops = ops;
    }

    /** Called on an admin worker thread. A failing audit hook is logged, never undoes the action. */
    void record(String action, String detail, String remote) {
        LOG.info("admin action {} {} (from {})", action, detail, remote);
        try {
            ops.audit(action, detail);
        } catch (RuntimeException e) {
            LOG.error("could not record the audit of admin action {} {}", action, detail, e);
        }
    }

    /**
     * A request-supplied string as it goes into a log line: quoted, with quotes, backslashes and control
     * characters escaped so it cannot forge a line of its own, and cut at 200 characters.
     */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        int shown = 0;
        for (int i = 0; i < value.length() && shown < MAX_QUOTED; i++, shown++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (shown < value.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
