package io.shapes.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** An overlay's objects as kustomize would gather them: its resources, recursively, parsed into typed objects. */
final class Manifests {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private Manifests() {
    }

    /** The kustomization in {@code dir} as a plain tree. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization(Path dir) throws IOException {
        return YAML.readValue(dir.resolve("kustomization.yaml").toFile(), Map.class);
    }

    /** Every object of the kustomization in {@code dir}, following directories that are kustomizations. */
    @SuppressWarnings("unchecked")
    static List<HasMetadata> gather(Path dir) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization(dir).getOrDefault("resources", List.of())) {
            Path path = dir.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(gather(path));
            } else {
                objects.addAll(parse(path));
            }
        }
        return objects;
    }

    /** The documents of one YAML file, each a typed Kubernetes object. */
    static List<HasMetadata> parse(Path file) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed = KUBERNETES.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException(file + ": a document that is not a Kubernetes object: " + parsed);
            }
            objects.add(object);
        }
        return objects;
    }
}
