package dev.community.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A DataSource over a real one that a test can switch into failure: {@link Mode#DOWN} refuses connections,
 * {@link Mode#BROKEN} hands out connections that fail every statement as a lost connection would, and
 * {@link #closeGate()} holds every caller of getConnection until {@link #openGate()}.
 */
public final class SwitchableDataSource implements DataSource {
    public enum Mode { UP, DOWN, BROKEN }

    private final DataSource delegate;
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final Semaphore waiting = new Semaphore(0);
    private volatile String hookedSqlPrefix;
    private volatile SqlHook hook;

    /** Runs on the thread that prepares the statement, before it is prepared. */
    @FunctionalInterface
    public interface SqlHook {
        void run() throws Exception;
    }

    public SwitchableDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    public void switchTo(Mode newMode) {
        mode = newMode;
    }

    /** Runs {@code action} once, just before the next statement starting with {@code sqlPrefix} is prepared. */
    public void beforeNextPrepare(String sqlPrefix, SqlHook action) {
        hookedSqlPrefix = sqlPrefix;
        hook = action;
    }

    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    /** Waits until some caller is held at the closed gate. */
    public void awaitCallerAtGate() throws InterruptedException {
        waiting.acquire();
    }

    @Override
    public Connection getConnection() throws SQLException {
        CountDownLatch current = gate;
        if (current.getCount() > 0) {
            waiting.release();
            try {
                current.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted at the gate", "08001", e);
            }
        }
        switch (mode) {
            case DOWN:
                throw new SQLException("database is down (test)", "08001");
            case BROKEN:
                return broken(delegate.getConnection());
            default:
                return hooked(delegate.getConnection());
        }
    }

    private Connection hooked(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                        SqlHook pending = hook;
                        String prefix = hookedSqlPrefix;
                        if (pending != null && prefix != null && sql.startsWith(prefix)) {
                            hook = null;
                            pending.run();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static Connection broken(Connection real) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                        case "setAutoCommit":
                        case "rollback":
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        case "isValid":
                            return false;
                        case "isClosed":
                            return false;
                        default:
                            throw new SQLException("connection lost (test)", "08006");
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
