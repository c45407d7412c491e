package io.shapes.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.vertx.core.json.JsonObject;

/**
 * The shapes a benchmark put, to read back at random: the first {@value #KEPT} of them. Adding one costs the same
 * however many are kept, so the load generator spends on it what it spends on any other answer. (A copy-on-write
 * list copied every kept shape at every put: at 100,000 kept and 3,700 puts/s, gigabytes per second on the machine
 * that also runs the service measured.)
 */
final class WrittenShapes {
    static final int KEPT = 200_000;

    /** A shape as a read addresses it. */
    record Shape(String tenant, String id) {
    }

    private final List<Shape> shapes = new ArrayList<>();

    /** Keeps the shape named by a put's answer (its JSON body), while fewer than {@value #KEPT} are kept. */
    synchronized void addFromAnswer(String tenant, String answerBody) {
        if (shapes.size() < KEPT) {
            shapes.add(new Shape(tenant, new JsonObject(answerBody).getString("id")));
        }
    }

    /** One of the kept shapes, each as likely as the others. */
    synchronized Shape random() {
        if (shapes.isEmpty()) {
            throw new IllegalStateException("no shape written yet");
        }
        return shapes.get(ThreadLocalRandom.current().nextInt(shapes.size()));
    }
}
