package io.shapes.control;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The control store: a PostgreSQL database holding the deployment, its cells, the append-only map versions,
 * tenants with hashed API keys, and splits with their phase. Entry point to the typed repositories.
 *
 * <p>Only the cell-manager (which writes it) and the publisher (read-only) talk to it; routers and cells never do.
 */
public final class ControlStore implements AutoCloseable {
    private final DataSource dataSource;

    private Connection kept;

    private ControlStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A store at a JDBC URL ({@code jdbc:postgresql://host:port/db}); nothing is opened until first use. */
    public static ControlStore at(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = dataSource(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password);
        return new ControlStore(ds);
    }

    /** A store at a JDBC URL that carries its credentials ({@code ...?user=U&password=P}). */
    public static ControlStore at(String jdbcUrl) {
        return new ControlStore(dataSource(jdbcUrl));
    }

    private static PGSimpleDataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(30);
        ds.setApplicationName("shapes");
        return ds;
    }

    /** Creates or upgrades the schema to the newest migration; safe to call on every start. */
    public ControlStore migrate() {
        Flyway.configure(getClass().getClassLoader()).dataSource(dataSource)
                .locations("classpath:db/control").table("control_schema_history").load().migrate();
        return this;
    }

    public AuditLog audit() {
        return new AuditLog(this);
    }

    public Deployments deployment() {
        return new Deployments(this);
    }

    public MapVersions maps() {
        return new MapVersions(this);
    }

    public Cells cells() {
        return new Cells(this);
    }

    public Tenants tenants() {
        return new Tenants(this);
    }

    public Splits splits() {
        return new Splits(this);
    }

    /** Signals of changes to what a routing snapshot carries, on a connection of their own (the caller closes it). */
    public AutopilotOperations autopilot() {
        return new AutopilotOperations(this);
    }

    /** The exclusive lease {@code name} (e.g. one autopilot per deployment), if no other process holds it. */
    public java.util.Optional<Lease> tryLease(String name) {
        return Lease.tryTake(this, name);
    }

    public ChangeSignals changeSignals() {
        return new ChangeSignals(dataSource);
    }

    /** A fresh connection of the caller's own, outside the kept one (the caller closes it). */
    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * The one connection this store keeps between calls: opening a connection costs a SCRAM handshake (tens of
     * milliseconds), which a split's switch or a router's refresh every second should not pay each time. Calls are
     * serialised on it; a connection that failed or went stale is replaced on the next call.
     */
    private Connection connection() throws SQLException {
        if (kept == null || !kept.isValid(2)) {
            discard();
            kept = dataSource.getConnection();
        }
        return kept;
    }

    /** Closes the kept connection; a later call opens a new one. */
    @Override
    public synchronized void close() {
        discard();
    }

    private void discard() {
        if (kept != null) {
            try {
                kept.close();
            } catch (SQLException e) {
                // already broken: nothing more to release
            }
            kept = null;
        }
    }

    /** Runs {@code work} in one transaction. */
    synchronized <T> T inTransaction(Work<T> work) {
        try {
            Connection c = connection();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            discard();
            throw ControlStoreException.wrap(e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, reads). */
    synchronized <T> T withConnection(Work<T> work) {
        try {
            return work.run(connection());
        } catch (SQLException e) {
            discard();
            throw ControlStoreException.wrap(e);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
