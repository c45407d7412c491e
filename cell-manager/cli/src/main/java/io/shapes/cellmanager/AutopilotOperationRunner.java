package io.shapes.cellmanager;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.shapes.cellclient.CellAdminClient;
import io.shapes.cellmanager.autopilot.Provisioner;
import io.shapes.control.AutopilotOperation;
import io.shapes.control.AutopilotOperation.State;
import io.shapes.control.ControlStore;
import io.shapes.control.Split;
import io.shapes.control.SplitPhase;
import io.shapes.core.map.RoutingMap;

/**
 * Carries one autopilot operation from its persisted state to its end, each step recorded before the next starts,
 * so that a restarted autopilot finishes it. A split: provision the new cell, register it, split into it. A merge:
 * move every range, then unregister the emptied cell.
 */
final class AutopilotOperationRunner {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private final ControlStore store;
    private final CellAdminClient cells;
    private final Provisioner provisioner;
    private final double threshold;
    private final AutopilotLog log;

    AutopilotOperationRunner(ControlStore store, CellAdminClient cells, Provisioner provisioner, double threshold,
            AutopilotLog log) {
        this.store = store;
        this.cells = cells;
        this.provisioner = provisioner;
        this.threshold = threshold;
        this.log = log;
    }

    /** Runs {@code operation} to its end; returns it finished. */
    AutopilotOperation run(AutopilotOperation operation) {
        AutopilotOperation current = operation;
        while (!current.state().isFinished()) {
            current = step(current);
            log.event(current.state().wireName(), current.source(), current.target(), current.detail());
        }
        return current;
    }

    private AutopilotOperation step(AutopilotOperation op) {
        Splitter splitter = Splitter.forCommand(store, cells); // one per step: operations may run at once
        return switch (op.kind()) {
            case SPLIT -> switch (op.state()) {
                case PROVISIONING -> {
                    URI url = provisioner.provision(op.target());
                    awaitAnswering(op.target(), url);
                    yield advance(op, State.REGISTERING, url.toString());
                }
                case REGISTERING -> {
                    if (NewestMap.of(store).cell(op.target()).isEmpty()) {
                        new CellRoster(store, cells).add(op.target(), URI.create(op.detail()));
                    }
                    yield advance(op, State.MOVING, op.target() + " registered at " + op.detail());
                }
                case MOVING -> split(op, splitter);
                default -> throw unexpected(op);
            };
            case MERGE -> switch (op.state()) {
                case MOVING -> {
                    Merger merger = new Merger(store, cells, splitter);
                    List<Split> finished = merger.finishUnfinished(op.source(), op.target());
                    List<Split> moved = merger.execute(merger.plan(op.source(), op.target(), threshold));
                    yield advance(op, State.REMOVING, (finished.size() + moved.size()) + " range(s) moved to "
                            + op.target());
                }
                case REMOVING -> {
                    if (NewestMap.of(store).cell(op.source()).isPresent()) {
                        new CellRoster(store, cells).remove(op.source());
                    }
                    yield advance(op, State.DONE, op.source() + " merged into " + op.target() + " and unregistered");
                }
                default -> throw unexpected(op);
            };
        };
    }

    /** Splits the source into the registered new cell, or finishes the split an earlier run started. */
    private AutopilotOperation split(AutopilotOperation op, Splitter splitter) {
        Optional<Split> latest = store.splits().all().stream()
                .filter(s -> s.source().equals(op.source()) && s.target().equals(op.target()))
                .reduce((a, b) -> b);
        Split done;
        if (latest.isPresent() && !latest.get().phase().isFinished()) {
            done = splitter.run(latest.get());
        } else if (latest.isPresent()) {
            done = latest.get();
        } else {
            RoutingMap map = NewestMap.of(store);
            if (map.rangesByCell().containsKey(op.target())) {
                throw new IllegalStateException("cell " + op.target() + " holds buckets, but no split into it is"
                        + " recorded");
            }
            done = splitter.run(splitter.plan(op.source(), op.target()));
        }
        if (done.phase() == SplitPhase.ABORTED) {
            return advance(op, State.FAILED, "split " + done.id() + " was aborted");
        }
        return advance(op, State.DONE, String.format("split %d moved buckets %s (%,d rows) to %s; write pause %s ms",
                done.id(), done.range(), done.rowsCopied(), op.target(), done.writePauseMs()));
    }

    private void awaitAnswering(String name, URI url) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                cells.info(url).join();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException("cell " + name + " at " + url + " did not answer within "
                + READY_TIMEOUT.toMinutes() + " min of being provisioned" + (last == null ? "" : ": " + last.getMessage()));
    }

    private AutopilotOperation advance(AutopilotOperation op, State state, String detail) {
        return store.autopilot().advance(op.id(), state, detail);
    }

    private static IllegalStateException unexpected(AutopilotOperation op) {
        return new IllegalStateException("autopilot operation " + op.id() + " (" + op.kind().wireName() + ") is in state "
                + op.state().wireName());
    }
}
