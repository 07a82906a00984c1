package dev.community.storage;

/**
 * The database refused a value (too long for its column, out of range, a broken constraint other than a
 * duplicate). A bad request, not an outage; its message is fit for a client and says nothing of the driver or
 * the SQL — those stay in the cause, for the server's log.
 */
public final class DataRefusedException extends IllegalArgumentException {
    public DataRefusedException(Throwable cause) {
        super("the database refused a value of this request", cause);
    }
}
