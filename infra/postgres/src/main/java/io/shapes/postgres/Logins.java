package io.shapes.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The least-privileged roles a service logs in with, instead of the server's superuser: a database owner that is no
 * superuser (a cell), and a read-only role (a router reading the control store). Each role's generated password is
 * kept beside the data in a 0600 file, so the same role and password come back after a restart.
 */
final class Logins {
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    private Logins() {
    }

    /** Creates {@code role} if missing (login, no superuser, no role or database creation) and returns its password. */
    static String ensureRole(Connection superuser, Path dataDir, String role) throws IOException, SQLException {
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("role name must match " + ROLE.pattern() + ": " + role);
        }
        String password = password(dataDir, role);
        try (Statement s = superuser.createStatement()) {
            boolean exists;
            try (var rs = s.executeQuery("select 1 from pg_roles where rolname = '" + role + "'")) {
                exists = rs.next();
            }
            s.execute((exists ? "alter role " : "create role ") + role + " login nosuperuser nocreatedb nocreaterole"
                    + " noreplication password '" + password + "'");
        }
        return password;
    }

    /** Makes {@code role} the owner of the database and of every table and sequence in its public schema. */
    static void makeOwner(Connection superuserOnDatabase, String database, String role) throws SQLException {
        try (Statement s = superuserOnDatabase.createStatement()) {
            s.execute("alter database " + database + " owner to " + role);
            s.execute("alter schema public owner to " + role);
            s.execute("do $$ declare r record; begin"
                    + " for r in select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                    + " where n.nspname = 'public' and c.relkind in ('r', 'S', 'v', 'p')"
                    // a serial's sequence follows its table; only a free-standing sequence is moved by itself
                    + " and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid"
                    + " and d.deptype in ('a', 'i'))) loop"
                    + " execute format(case r.relkind when 'S' then 'alter sequence %I owner to " + role + "'"
                    + " when 'v' then 'alter view %I owner to " + role + "' else 'alter table %I owner to " + role
                    + "' end, r.relname); end loop; end $$");
        }
    }

    /** Lets {@code role} connect and read (only read) every table of the public schema, now and later. */
    static void grantReadOnly(Connection superuserOnDatabase, String database, String role) throws SQLException {
        try (Statement s = superuserOnDatabase.createStatement()) {
            s.execute("revoke all on database " + database + " from public");
            s.execute("grant connect on database " + database + " to " + role);
            s.execute("revoke create on schema public from public");
            s.execute("grant usage on schema public to " + role);
            s.execute("grant select on all tables in schema public to " + role);
            s.execute("alter default privileges in schema public grant select on tables to " + role);
        }
    }

    private static String password(Path dataDir, String role) throws IOException {
        Path file = dataDir.resolve("login-" + role + ".credentials");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n");
        return password;
    }
}
