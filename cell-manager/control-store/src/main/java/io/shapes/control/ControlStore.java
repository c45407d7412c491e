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
 * <p>Only the router (read-only, every second) and the cell-manager talk to it; cells never do.
 */
public final class ControlStore {
    private final DataSource dataSource;

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

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs {@code work} in one transaction. */
    <T> T inTransaction(Work<T> work) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw ControlStoreException.wrap(e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, reads). */
    <T> T withConnection(Work<T> work) {
        try (Connection c = connect()) {
            return work.run(c);
        } catch (SQLException e) {
            throw ControlStoreException.wrap(e);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }
}
