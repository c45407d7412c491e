package io.shapes.web;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;

/** The port a service's HTTP server listens on, read once it listens (the server records it, a random one included). */
public final class ListeningPort {
    private ListeningPort() {
    }

    public static int current() {
        String name = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getValue(name, Integer.class);
    }
}
