package io.shapes.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.shapes.workload.Attempt;
import io.shapes.workload.HistoryCheck;

/**
 * The invariants of a scenario, measured on its history: blast radius (bystanders' success and p99 against their
 * own pre-fault p99), fail fast (time until the failed cell's tenants get fast 503s with Retry-After, and their
 * p99 from then on), recovery time, and the set and counter checks.
 */
record ChaosVerdict(Map<String, Object> figures, List<String> violations) {
    static final double MIN_BYSTANDER_SUCCESS = 0.999;
    static final double MAX_P99_GROWTH = 1.5;
    /** A failed cell's tenants fail fast from at most 2 s after the fault: the cell timeout plus 1 s. */
    static final long FAIL_FAST_WITHIN_MS = 2000;
    static final double FAIL_FAST_P99_MS = 100;
    static final long NEVER_A_HANG_MS = 2500;
    static final long RECOVERY_MS = 15000;

    /** {@code cellOf} says which cell an attempt was for (null: none, a bystander). */
    static ChaosVerdict of(Scenario scenario, Timeline t, List<Attempt> history, Function<Attempt, String> cellOf,
            HistoryCheck.Verdict sets) {
        Map<String, Object> figures = new LinkedHashMap<>();
        List<String> violations = new ArrayList<>();
        figures.put("attempted", history.size());
        figures.put("acknowledged", history.stream().filter(Attempt::acknowledged).count());
        figures.put("lostWritesOfTheWholeRun", sets.lost().size());

        List<Attempt> bystanders = history.stream()
                .filter(a -> !scenario.victimCells().contains(cellOf.apply(a))).toList();
        Stats before = Stats.of(between(bystanders, t.baselineFrom(), t.faultAt()));
        Stats during = Stats.of(between(bystanders, t.faultAt(), t.healAt()));
        figures.put("bystandersBefore", before.toString());
        figures.put("bystandersDuring", during.toString());
        figures.put("bystanderSuccessPercent", during.successRate() * 100);
        figures.put("bystanderP99GrowthRatio", during.p99Ms() / before.p99Ms());
        if (!(during.successRate() >= MIN_BYSTANDER_SUCCESS)) {
            violations.add(String.format("blast radius: tenants of other cells see >= 99.9%% success during the fault,"
                    + " saw %.2f%% (%d of %d)", during.successRate() * 100, during.succeeded(), during.attempts()));
        }
        if (!(during.p99Ms() <= MAX_P99_GROWTH * before.p99Ms())) {
            violations.add(String.format("blast radius: tenants of other cells keep p99 within 1.5x of before the"
                    + " fault (%.1f ms), saw %.1f ms; %s", before.p99Ms(), during.p99Ms(),
                    slowSeconds(between(bystanders, t.faultAt(), t.healAt()), t.faultAt(),
                            MAX_P99_GROWTH * before.p99Ms())));
        }

        scenario.failedCell().ifPresent(cell -> {
            List<Attempt> victims = between(history.stream().filter(a -> cell.equals(cellOf.apply(a))).toList(),
                    t.faultAt(), t.healAt() - 100);
            long openAt = failingFastFrom(victims);
            List<Attempt> fast = victims.stream().filter(a -> a.startMs() >= openAt).toList();
            double longest = victims.stream().mapToDouble(Attempt::latencyMs).max().orElse(0);
            figures.put("msUntilFailingFast", openAt - t.faultAt());
            figures.put("failFastP99Ms", Stats.p99(fast));
            figures.put("failedCellLongestAnswerMs", longest);
            figures.put("recoveryActionMs", t.healedAt() - t.healAt());
            figures.put("recoveryMs", t.recoveredAt() - t.healedAt());
            if (openAt == Long.MAX_VALUE || openAt - t.faultAt() > FAIL_FAST_WITHIN_MS) {
                violations.add("fail fast: " + cell + "'s tenants get 503 + Retry-After within 100 ms from at most 2 s"
                        + " after the fault; from " + (openAt == Long.MAX_VALUE ? "never"
                        : (openAt - t.faultAt()) + " ms"));
            } else if (!(Stats.p99(fast) <= FAIL_FAST_P99_MS)) {
                violations.add(String.format("fail fast: p99 of %s's answers once failing fast <= 100 ms, was %.1f ms",
                        cell, Stats.p99(fast)));
            }
            if (longest > NEVER_A_HANG_MS) {
                violations.add(String.format("never a hang: %s's tenants were answered within %d ms, the longest took"
                        + " %.0f ms", cell, NEVER_A_HANG_MS, longest));
            }
            if (t.recoveredAt() - t.healedAt() > RECOVERY_MS) {
                violations.add("recovery: " + cell + " serves through every router within 15 s of its restart; took "
                        + (t.recoveredAt() - t.healedAt()) + " ms");
            }
        });
        return new ChaosVerdict(figures, violations);
    }

    /**
     * The start of the first attempt from which on (nearly) every attempt of the failed cell's tenants is answered
     * 503 with Retry-After within 100 ms: at most 1 % of the rest may not be. {@code Long.MAX_VALUE} if never. A
     * moment is judged with every attempt that started at it: attempts started in the same millisecond are all in
     * the rest or none is.
     */
    static long failingFastFrom(List<Attempt> victims) {
        List<Attempt> sorted = victims.stream().sorted(java.util.Comparator.comparingLong(Attempt::startMs)).toList();
        long from = Long.MAX_VALUE;
        int slow = 0;
        for (int i = sorted.size() - 1; i >= 0; i--) {
            if (!isFastFailure(sorted.get(i))) {
                slow++;
            }
            int suffix = sorted.size() - i;
            boolean firstOfItsMoment = i == 0 || sorted.get(i - 1).startMs() != sorted.get(i).startMs();
            if (firstOfItsMoment && slow <= suffix / 100) {
                from = sorted.get(i).startMs();
            }
        }
        return from;
    }

    private static boolean isFastFailure(Attempt a) {
        return a.status() == 503 && a.retryAfter() && a.latencyMs() <= FAIL_FAST_P99_MS;
    }

    /**
     * When the attempts slower than {@code limitMs} started, by whole seconds after {@code faultAt}: what a failed
     * run's message needs to tell a transient at the fault (a cluster in its first seconds) from noise spread over
     * the window.
     */
    static String slowSeconds(List<Attempt> attempts, long faultAt, double limitMs) {
        Map<Long, Long> bySecond = attempts.stream().filter(a -> a.latencyMs() > limitMs).collect(
                Collectors.groupingBy(a -> (a.startMs() - faultAt) / 1000, TreeMap::new, Collectors.counting()));
        long slow = bySecond.values().stream().mapToLong(Long::longValue).sum();
        return String.format("%d of %d slower than %.1f ms, by second after the fault: %s", slow, attempts.size(),
                limitMs, bySecond.entrySet().stream().map(e -> "+" + e.getKey() + " s x" + e.getValue())
                        .collect(Collectors.joining(", ")));
    }

    static List<Attempt> between(List<Attempt> attempts, long from, long to) {
        return attempts.stream().filter(a -> a.startMs() >= from && a.startMs() < to).toList();
    }

    String summary() {
        return figures + (violations.isEmpty() ? "; all invariants hold" : "; VIOLATED: " + violations);
    }
}
