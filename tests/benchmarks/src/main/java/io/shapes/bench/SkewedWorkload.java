package io.shapes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;

/**
 * A skewed multi-tenant workload: one whale tenant takes a fixed share of the requests, the others follow a Zipf
 * distribution over their rank, and the shape types are uneven (few circles). Samples are drawn in advance, so that
 * picking one is a lock-free array read from any thread.
 */
public final class SkewedWorkload {
    private static final String WHALE = "whale";
    private static final String[] TYPES = {"square", "triangle", "rhombus", "circle"};
    private static final double[] TYPE_SHARES = {0.40, 0.35, 0.20, 0.05};

    private final int tenantCount;
    private final double exponent;
    private final double whaleShare;
    private final String[] tenantSamples;
    private final String[] typeSamples;

    public SkewedWorkload(int tenantCount, double exponent, double whaleShare, int samples) {
        this.tenantCount = tenantCount;
        this.exponent = exponent;
        this.whaleShare = whaleShare;
        ZipfDistribution zipf = new ZipfDistribution(new Well19937c(42), tenantCount - 1, exponent);
        java.util.Random random = new java.util.Random(42);
        tenantSamples = new String[samples];
        typeSamples = new String[samples];
        for (int i = 0; i < samples; i++) {
            tenantSamples[i] = random.nextDouble() < whaleShare ? WHALE : "zipf-" + zipf.sample();
            typeSamples[i] = type(random.nextDouble());
        }
    }

    private static String type(double u) {
        double cumulative = 0;
        for (int i = 0; i < TYPES.length; i++) {
            cumulative += TYPE_SHARES[i];
            if (u < cumulative) {
                return TYPES[i];
            }
        }
        return TYPES[TYPES.length - 1];
    }

    /** Every tenant the workload can pick: the whale and the Zipf ranks 1 … n-1. */
    public List<String> tenants() {
        List<String> all = new ArrayList<>(List.of(WHALE));
        for (int rank = 1; rank < tenantCount; rank++) {
            all.add("zipf-" + rank);
        }
        return all;
    }

    public String tenant() {
        return tenantSamples[ThreadLocalRandom.current().nextInt(tenantSamples.length)];
    }

    public String type() {
        return typeSamples[ThreadLocalRandom.current().nextInt(typeSamples.length)];
    }

    public String describe() {
        return String.format("%d tenants: a whale with %.0f %% of the requests, the other %d Zipf-distributed"
                + " (exponent %.1f); types square 40 %%, triangle 35 %%, rhombus 20 %%, circle 5 %%", tenantCount,
                whaleShare * 100, tenantCount - 1, exponent);
    }
}
