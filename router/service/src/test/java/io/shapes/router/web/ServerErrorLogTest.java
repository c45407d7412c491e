package io.shapes.router.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;
import io.shapes.router.exec.Reply;

class ServerErrorLogTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final ServerErrorLog log = new ServerErrorLog(now::get);
    private final Reply unavailable = Reply.problem(Problem.of(ErrorCode.CELL_UNAVAILABLE, "down"), Map.of());

    @Test
    void onlyServerErrorsAreLogged() {
        assertFalse(log.answered("GET", "/v1/tenants/a/counts", Reply.problem(Problem.of(ErrorCode.NOT_FOUND, "no"),
                Map.of())));
        assertFalse(log.answered("GET", "/v1/tenants/a/counts", Reply.json(200, Map.of("total", 1), Map.of())));
        assertTrue(log.answered("GET", "/v1/tenants/a/counts", unavailable));
    }

    @Test
    void aFloodIsCappedPerSecondAndTheNextSecondLogsAgain() {
        int logged = 0;
        for (int i = 0; i < 1000; i++) {
            logged += log.answered("PUT", "/v1/tenants/a/shapes", unavailable) ? 1 : 0;
        }
        assertEquals(ServerErrorLog.LINES_PER_SECOND, logged, "a thousand 5xx in one second, a capped number of lines");
        now.addAndGet(1_000_000_000L);
        assertTrue(log.answered("PUT", "/v1/tenants/a/shapes", unavailable), "a new second has room again");
    }
}
