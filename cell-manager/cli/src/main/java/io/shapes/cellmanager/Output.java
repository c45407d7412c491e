package io.shapes.cellmanager;

import io.shapes.core.Json;
import picocli.CommandLine.Option;

/** {@code --json}: one JSON document on stdout instead of text for people. */
public class Output {
    @Option(names = "--json", description = "print one JSON document on stdout")
    boolean json;

    public void print(Object document, String text) {
        System.out.println(json ? Json.write(document) : text);
    }
}
