package io.shapes.router.exec;

import java.net.ConnectException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.shapes.router.cells.CellResponse;

/**
 * When an unkeyed put may try another bucket of its placement (DESIGN.md, "Placement width"): only when the cell
 * provably did not take the write. Never after a timeout or any answer that might mean the write happened.
 */
final class Failover {
    private Failover() {
    }

    /** The call never reached the cell: its breaker is open, its bulkhead full, or the connection was refused. */
    static boolean neverSent(Throwable error) {
        return error instanceof CircuitBreakerOpenException || error instanceof BulkheadException
                || error instanceof ConnectException;
    }

    /** The cell answered that it refused the write: {@code 503 overloaded}, {@code 503 moving} or {@code 507}. */
    static boolean refused(CellResponse response) {
        if (response.status() == 507) {
            return true;
        }
        if (response.status() != 503) {
            return false;
        }
        String code = response.code().orElse("");
        return code.equals("overloaded") || code.equals("moving");
    }
}
