package io.shapes.web;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.CallbackDecorator;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.infrastructure.MultiInterceptor;
import io.smallrye.mutiny.infrastructure.UniInterceptor;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Mutiny's callbacks run as they are, without MicroProfile Context Propagation around each of them.
 * <p>
 * Quarkus brings a decorator that captures the thread's contexts (CDI request context, OpenTelemetry, MDC) when a
 * callback is assembled and restores them around every call of it: a cost on every {@code map}, {@code invoke} and
 * {@code chain} of every request: about a twentieth of the router's CPU per getShape and a tenth of the cell's
 * (docs/BENCHMARKS.md section 10). Our services do not need it: a request runs on its Vert.x duplicated context,
 * where Quarkus keeps those contexts anyway; Mutiny's timers are Vert.x timers on the same context; and blocking
 * work is handed to workers by RESTEasy, which carries the request's context itself.
 * <p>
 * Mutiny can only drop all of its interceptors at once, so this is done only when that decorator is the only one
 * loaded; with any other, all are kept and a warning says which.
 */
@Singleton
public class PlainMutinyCallbacks {
    private static final Logger LOG = Logger.getLogger(PlainMutinyCallbacks.class);
    private static final String CONTEXT_PROPAGATION = "io.smallrye.mutiny.context.DefaultContextPropagationInterceptor";

    void onStart(@Observes StartupEvent event) {
        List<String> others = otherThanContextPropagation(loadedInterceptors());
        if (others.isEmpty()) {
            Infrastructure.clearInterceptors();
        } else {
            LOG.warnf("Mutiny callbacks keep context propagation: other interceptors are loaded too (%s)", others);
        }
    }

    private static List<String> otherThanContextPropagation(List<String> interceptors) {
        return interceptors.stream().filter(name -> !CONTEXT_PROPAGATION.equals(name)).distinct().toList();
    }

    private static List<String> loadedInterceptors() {
        return Stream.of(UniInterceptor.class, MultiInterceptor.class, CallbackDecorator.class)
                .flatMap(type -> ServiceLoader.load(type).stream().map(provider -> provider.type().getName()))
                .toList();
    }
}
