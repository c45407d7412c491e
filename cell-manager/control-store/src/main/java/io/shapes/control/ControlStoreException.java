package io.shapes.control;

import java.sql.SQLException;

/** The control store could not be reached or refused an operation. The message never carries SQL. */
public class ControlStoreException extends RuntimeException {
    public ControlStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ControlStoreException(String message) {
        super(message);
    }

    static ControlStoreException wrap(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return new ControlStoreException("the control store is unreachable", e);
        }
        return new ControlStoreException("the control store refused the operation (SQLSTATE " + state + ")", e);
    }
}
