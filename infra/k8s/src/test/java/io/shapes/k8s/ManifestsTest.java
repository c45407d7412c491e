package io.shapes.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads the local overlay (base, cells) into typed Kubernetes objects and checks that they fit together: selectors
 * match labels, Services and probes target ports that containers expose, probes hit the services' health
 * endpoints, every Secret, key and ConfigMap referenced exists, network policies select real pods, and the
 * overlay's cells are exactly what the cell template renders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestsTest {
    private static final Path K8S = Path.of("").toAbsolutePath();
    private static final Path OVERLAY = K8S.resolve("overlays/local");
    private static final Set<String> HEALTH = Set.of("/q/health/ready", "/q/health/live", "/q/health/started");
    private List<HasMetadata> objects;

    /** A workload's pods: what the workload is, their labels and containers. */
    record Pods(HasMetadata owner, PodTemplateSpec template) {
        Map<String, String> labels() {
            return template.getMetadata().getLabels();
        }

        List<Container> containers() {
            return template.getSpec().getContainers();
        }
    }

    @BeforeAll
    void gather() throws IOException {
        objects = Manifests.gather(OVERLAY);
    }

    @Test
    void everyDocumentIsATypedObjectWithAUniqueName() {
        assertTrue(objects.size() > 20, "the overlay holds the whole deployment: " + objects.size() + " objects");
        Set<String> seen = new HashSet<>();
        for (HasMetadata object : objects) {
            assertFalse(object instanceof GenericKubernetesResource, "a typed object: " + describe(object));
            assertTrue(seen.add(object.getKind() + "/" + object.getMetadata().getName()), "unique: " + describe(object));
            assertEquals("shapes", object.getMetadata().getLabels().get("app.kubernetes.io/part-of"),
                    "labelled as part of shapes: " + describe(object));
        }
        for (String kind : List.of("Namespace", "Secret", "ConfigMap", "StatefulSet", "Service", "Deployment",
                "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job", "NetworkPolicy")) {
            assertTrue(objects.stream().anyMatch(o -> o.getKind().equals(kind)), "the overlay has a " + kind);
        }
    }

    @Test
    void workloadSelectorsMatchTheirPodLabels() {
        for (Deployment d : all(Deployment.class)) {
            assertSelects(d.getSpec().getSelector(), d.getSpec().getTemplate().getMetadata().getLabels(), describe(d));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            assertSelects(s.getSpec().getSelector(), s.getSpec().getTemplate().getMetadata().getLabels(), describe(s));
            assertTrue(find(Service.class, s.getSpec().getServiceName()).isPresent(),
                    describe(s) + " names its governing Service " + s.getSpec().getServiceName());
        }
    }

    @Test
    void servicesSelectPodsAndTargetPortsTheyExpose() {
        for (Service service : all(Service.class)) {
            List<Pods> selected = pods().stream()
                    .filter(p -> matches(service.getSpec().getSelector(), p.labels())).toList();
            assertFalse(selected.isEmpty(), describe(service) + " selects some pods");
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Pods pods : selected) {
                    assertTrue(exposes(pods, port.getTargetPort()), describe(service) + " port " + port.getName()
                            + " targets " + port.getTargetPort() + ", which " + describe(pods.owner()) + " exposes");
                }
            }
        }
    }

    @Test
    void probesHitTheHealthEndpointsOnExposedPorts() {
        for (Pods pods : pods()) {
            for (Container container : pods.containers()) {
                for (Probe probe : Stream.of(container.getReadinessProbe(), container.getLivenessProbe())
                        .filter(Objects::nonNull).toList()) {
                    if (probe.getHttpGet() != null) {
                        assertTrue(HEALTH.contains(probe.getHttpGet().getPath()), describe(pods.owner()) + " probes "
                                + probe.getHttpGet().getPath() + ", a health endpoint of the service");
                        assertTrue(exposes(pods, probe.getHttpGet().getPort()), describe(pods.owner())
                                + " probes port " + probe.getHttpGet().getPort() + ", which it exposes");
                    } else {
                        assertTrue(probe.getExec() != null, describe(pods.owner()) + " has an http or exec probe");
                    }
                }
                if (!(pods.owner() instanceof Job)) {
                    assertTrue(container.getReadinessProbe() != null && container.getLivenessProbe() != null,
                            describe(pods.owner()) + " has readiness and liveness probes");
                }
                assertTrue(container.getResources() != null && container.getResources().getRequests() != null
                        && container.getResources().getLimits() != null,
                        describe(pods.owner()) + " sets resource requests and limits");
            }
        }
    }

    @Test
    void everySecretKeyAndConfigMapReferencedExists() {
        for (Pods pods : pods()) {
            for (Container container : pods.containers()) {
                for (EnvVar env : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        Secret secret = find(Secret.class, ref.getName()).orElseThrow(() -> new AssertionError(
                                describe(pods.owner()) + " reads Secret " + ref.getName() + ", which does not exist"));
                        assertTrue(keys(secret).contains(ref.getKey()), describe(pods.owner()) + " reads key "
                                + ref.getKey() + " of Secret " + ref.getName() + ", which has " + keys(secret));
                    }
                }
                for (EnvFromSource from : Optional.ofNullable(container.getEnvFrom()).orElse(List.of())) {
                    if (from.getConfigMapRef() != null) {
                        assertTrue(find(ConfigMap.class, from.getConfigMapRef().getName()).isPresent(),
                                describe(pods.owner()) + " reads ConfigMap " + from.getConfigMapRef().getName());
                    }
                }
            }
        }
    }

    @Test
    void autoscalerAndDisruptionBudgetTargetTheRouters() {
        HorizontalPodAutoscaler hpa = all(HorizontalPodAutoscaler.class).get(0);
        Deployment target = find(Deployment.class, hpa.getSpec().getScaleTargetRef().getName()).orElseThrow(
                () -> new AssertionError(describe(hpa) + " scales a Deployment that does not exist"));
        assertEquals("router", target.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component"));
        assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        for (PodDisruptionBudget pdb : all(PodDisruptionBudget.class)) {
            assertTrue(pods().stream().anyMatch(p -> p.owner() instanceof Deployment
                    && matches(pdb.getSpec().getSelector().getMatchLabels(), p.labels())), describe(pdb) + " selects routers");
        }
    }

    @Test
    void networkPoliciesSelectRealPodsAndOnlyTheCellReachesItsDatabase() {
        for (NetworkPolicy policy : all(NetworkPolicy.class)) {
            List<Pods> guarded = selectedBy(policy.getSpec().getPodSelector());
            assertFalse(guarded.isEmpty(), describe(policy) + " selects some pods");
            for (NetworkPolicyIngressRule rule : Optional.ofNullable(policy.getSpec().getIngress()).orElse(List.of())) {
                for (NetworkPolicyPeer peer : Optional.ofNullable(rule.getFrom()).orElse(List.of())) {
                    assertFalse(selectedBy(peer.getPodSelector()).isEmpty(), describe(policy) + " admits pods that exist");
                }
                for (NetworkPolicyPort port : Optional.ofNullable(rule.getPorts()).orElse(List.of())) {
                    for (Pods pods : guarded) {
                        assertTrue(exposes(pods, port.getPort()), describe(policy) + " opens port " + port.getPort()
                                + " of " + describe(pods.owner()) + ", which it exposes");
                    }
                }
            }
        }
        for (StatefulSet database : all(StatefulSet.class).stream()
                .filter(s -> "cell-db".equals(componentOf(s))).toList()) {
            String cell = database.getSpec().getTemplate().getMetadata().getLabels().get("shapes.io/cell");
            List<String> admitted = all(NetworkPolicy.class).stream()
                    .filter(p -> selects(p.getSpec().getPodSelector(),
                            database.getSpec().getTemplate().getMetadata().getLabels()))
                    .flatMap(p -> Optional.ofNullable(p.getSpec().getIngress()).orElse(List.of()).stream())
                    .flatMap(r -> Optional.ofNullable(r.getFrom()).orElse(List.of()).stream())
                    .flatMap(peer -> selectedBy(peer.getPodSelector()).stream())
                    .map(p -> describe(p.owner())).distinct().toList();
            assertEquals(List.of("StatefulSet/" + cell), admitted, "only cell " + cell + " reaches " + describe(database));
        }
    }

    @Test
    void cellsAreRenderedFromTheOneTemplateAndConfiguredWithRealSettings() throws IOException {
        String template = Files.readString(K8S.resolve("cell/cell.yaml"));
        List<String> cells = new ArrayList<>();
        try (Stream<Path> files = Files.list(OVERLAY.resolve("cells"))) {
            files.sorted().forEach(file -> cells.add(file.getFileName().toString().replace(".yaml", "")));
        }
        assertFalse(cells.isEmpty());
        for (String cell : cells) {
            String rendered = Files.readString(OVERLAY.resolve("cells/" + cell + ".yaml"));
            String expected = template.lines().filter(line -> !line.startsWith("# "))
                    .map(line -> line.replace("${CELL}", cell)).reduce("", (a, b) -> a + b + "\n");
            assertEquals(expected, rendered.substring(rendered.indexOf('\n') + 1),
                    "cells/" + cell + ".yaml is the template rendered for " + cell + " (re-render it with add-cell)");
        }
        Properties cellSettings = new Properties();
        try (var in = Files.newInputStream(K8S.resolve("../../cell/service/src/main/resources/application.properties"))) {
            cellSettings.load(in);
        }
        Set<String> known = new HashSet<>();
        cellSettings.stringPropertyNames().forEach(key -> known.add(key.replaceFirst("^%[a-z]+\\.", "")
                .replaceAll("[.-]", "_").toUpperCase()));
        for (Pods pods : pods()) {
            if (!"cell".equals(pods.labels().get("app.kubernetes.io/component"))) {
                continue;
            }
            List<String> names = new ArrayList<>();
            pods.containers().get(0).getEnv().forEach(env -> names.add(env.getName()));
            find(ConfigMap.class, "shapes-cell-config").orElseThrow().getData().keySet().forEach(names::add);
            for (String name : names) {
                assertTrue(known.contains(name), describe(pods.owner()) + " sets " + name
                        + ", a setting the cell has (application.properties)");
            }
        }
    }

    @Test
    void patchesOfTheOverlayTargetObjectsThatExist() throws IOException {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> patches = (List<Map<String, Object>>) Manifests.kustomization(OVERLAY).get("patches");
        for (Map<String, Object> patch : patches) {
            @SuppressWarnings("unchecked")
            Map<String, String> target = (Map<String, String>) patch.get("target");
            assertTrue(objects.stream().anyMatch(o -> o.getKind().equals(target.get("kind"))
                    && o.getMetadata().getName().equals(target.get("name"))), "the overlay patches " + target);
        }
    }

    @Test
    void everyPodRunsLockedDown() {
        for (Pods pods : pods()) {
            PodSpec spec = pods.template().getSpec();
            String what = describe(pods.owner());
            assertEquals(Boolean.FALSE, spec.getAutomountServiceAccountToken(), what + " mounts no service account token");
            PodSecurityContext pod = spec.getSecurityContext();
            assertTrue(pod != null && Boolean.TRUE.equals(pod.getRunAsNonRoot()), what + " runs as non-root");
            assertTrue(pod.getRunAsUser() != null && pod.getRunAsUser() > 0, what + " names a non-root user");
            assertEquals("RuntimeDefault", pod.getSeccompProfile() == null ? null : pod.getSeccompProfile().getType(),
                    what + " has the runtime's default seccomp profile");
            for (Container container : pods.containers()) {
                SecurityContext context = container.getSecurityContext();
                assertTrue(context != null, what + "/" + container.getName() + " has a security context");
                assertEquals(Boolean.FALSE, context.getAllowPrivilegeEscalation(), what + ": no privilege escalation");
                assertEquals(Boolean.TRUE, context.getReadOnlyRootFilesystem(), what + ": a read-only root filesystem");
                assertTrue(context.getCapabilities() != null && context.getCapabilities().getDrop().contains("ALL"),
                        what + " drops every capability");
                assertTrue(container.getResources().getRequests().containsKey("ephemeral-storage")
                        && container.getResources().getLimits().containsKey("ephemeral-storage"),
                        what + " requests and limits ephemeral storage");
                for (VolumeMount mount : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
                    boolean declared = Optional.ofNullable(spec.getVolumes()).orElse(List.of()).stream()
                            .anyMatch(v -> v.getName().equals(mount.getName()))
                            || pods.owner() instanceof StatefulSet set && set.getSpec().getVolumeClaimTemplates().stream()
                                    .anyMatch(c -> c.getMetadata().getName().equals(mount.getName()));
                    assertTrue(declared, what + " mounts " + mount.getName() + ", a volume it declares");
                }
            }
            for (Volume volume : Optional.ofNullable(spec.getVolumes()).orElse(List.of())) {
                if (volume.getEmptyDir() != null) {
                    assertTrue(volume.getEmptyDir().getSizeLimit() != null, what + ": emptyDir " + volume.getName()
                            + " has a size limit");
                }
            }
        }
    }

    @Test
    void healthAndMetricsAreOnAManagementPortThatNoServiceExposes() {
        for (Pods pods : pods()) {
            for (Container container : pods.containers()) {
                for (Probe probe : Stream.of(container.getReadinessProbe(), container.getLivenessProbe())
                        .filter(Objects::nonNull).filter(p -> p.getHttpGet() != null).toList()) {
                    assertEquals("management", probe.getHttpGet().getPort().getStrVal(), describe(pods.owner())
                            + " probes its management port, not its service port");
                }
            }
        }
        for (Service service : all(Service.class)) {
            for (ServicePort port : service.getSpec().getPorts()) {
                assertFalse("management".equals(port.getTargetPort().getStrVal()) || Integer.valueOf(9000)
                        .equals(port.getTargetPort().getIntVal()), describe(service) + " does not expose a management port");
            }
        }
    }

    @Test
    void egressIsDeniedByDefaultAndOpenOnlyWhereTheDesignSays() {
        assertTrue(all(NetworkPolicy.class).stream().anyMatch(p -> p.getSpec().getPolicyTypes().contains("Egress")
                && (p.getSpec().getEgress() == null || p.getSpec().getEgress().isEmpty())
                && selects(p.getSpec().getPodSelector(), Map.of())),
                "a policy denies all egress of every pod");
        for (Pods pods : pods()) {
            String component = pods.labels().get("app.kubernetes.io/component");
            String cell = pods.labels().get("shapes.io/cell");
            for (NetworkPolicyPeer peer : egressPeers(pods)) {
                if (isDns(peer)) {
                    continue;
                }
                assertTrue(peer.getNamespaceSelector() == null && peer.getIpBlock() == null,
                        describe(pods.owner()) + " reaches no other namespace and no address block");
                List<Pods> reached = selectedBy(peer.getPodSelector());
                for (Pods target : reached) {
                    String to = target.labels().get("app.kubernetes.io/component");
                    boolean allowed = switch (component) {
                        case "router" -> to.equals("cell") || to.equals("publisher");
                        case "cell-manager" -> to.equals("cell") || to.equals("control-db");
                        case "publisher" -> to.equals("control-db");
                        case "console" -> to.equals("cell") || to.equals("control-db");
                        case "cell" -> to.equals("cell-db") && cell.equals(target.labels().get("shapes.io/cell"));
                        default -> false;
                    };
                    assertTrue(allowed, describe(pods.owner()) + " may not reach " + describe(target.owner()));
                }
            }
        }
        for (String component : List.of("router", "cell", "cell-manager", "publisher", "console")) {
            assertTrue(pods().stream().filter(p -> component.equals(p.labels().get("app.kubernetes.io/component")))
                    .allMatch(p -> egressPeers(p).stream().anyMatch(ManifestsTest::isDns)), component + " reaches DNS");
        }
    }

    @Test
    void routersHoldNoControlStoreCredentialAndFetchThePublication() {
        List<Pods> routers = pods().stream().filter(p -> "router".equals(p.labels().get("app.kubernetes.io/component")))
                .toList();
        assertFalse(routers.isEmpty());
        for (Pods router : routers) {
            for (Container container : router.containers()) {
                List<EnvVar> env = Optional.ofNullable(container.getEnv()).orElse(List.of());
                assertTrue(env.stream().noneMatch(e -> e.getName().contains("CONTROL_DB") || e.getValueFrom() != null
                        && e.getValueFrom().getSecretKeyRef() != null
                        && e.getValueFrom().getSecretKeyRef().getName().equals("control-db")),
                        describe(router.owner()) + " has no control-store setting or credential");
                String publication = env.stream().filter(e -> e.getName().equals("SHAPES_ROUTER_PUBLICATION_URL"))
                        .map(EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError(describe(router.owner())
                                + " is told where the publication is"));
                Service snapshot = find(Service.class, java.net.URI.create(publication).getHost()).orElseThrow(
                        () -> new AssertionError(publication + " names a Service that exists"));
                assertTrue(pods().stream().anyMatch(p -> "publisher".equals(p.labels().get("app.kubernetes.io/component"))
                        && matches(snapshot.getSpec().getSelector(), p.labels())), describe(snapshot)
                        + " selects the publisher");
            }
        }
    }

    @Test
    void theInitJobSetsTheShardSizeOfNewTenants() {
        Job init = find(Job.class, "cell-manager-init").orElseThrow(() -> new AssertionError("the init Job exists"));
        List<String> args = init.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        int at = args.indexOf("--shard-size");
        assertTrue(args.get(0).equals("init") && at > 0 && Integer.parseInt(args.get(at + 1)) >= 1,
                "cell-manager init is given the deployment's shard size (DESIGN.md, Placement width): " + args);
    }

    @Test
    void noUsableSecretShips() {
        for (Secret secret : all(Secret.class)) {
            secret.getStringData().forEach((key, value) -> {
                if (key.contains("token") || key.contains("password")) {
                    assertTrue(value.startsWith("replace-me"), describe(secret) + "/" + key + " is a placeholder, which"
                            + " every service refuses");
                }
                if (key.endsWith("jdbc-url")) {
                    assertTrue(value.contains("password=replace-me"), describe(secret) + "/" + key + " too");
                }
            });
            assertTrue(secret.getData() == null || secret.getData().isEmpty(), describe(secret) + " ships no data");
        }
    }

    @Test
    void imagesCarryCodeOwnedByRootAndRunAsTheServiceUser() throws IOException {
        for (String module : List.of("cell/service", "router/service", "cell-manager/cli")) {
            Path dockerfile = K8S.resolve("../../" + module + "/src/main/docker/Dockerfile.jvm").normalize();
            List<String> lines = Files.readAllLines(dockerfile);
            assertTrue(lines.stream().filter(l -> l.startsWith("COPY")).noneMatch(l -> l.contains("--chown")),
                    dockerfile + ": the code is copied as root's, so the service user cannot change it");
            assertTrue(lines.stream().anyMatch(l -> l.matches("USER [1-9][0-9]*")), dockerfile + " runs as a non-root user");
        }
    }

    private List<NetworkPolicyPeer> egressPeers(Pods pods) {
        return all(NetworkPolicy.class).stream().filter(p -> selects(p.getSpec().getPodSelector(), pods.labels()))
                .flatMap(p -> Optional.ofNullable(p.getSpec().getEgress()).orElse(List.of()).stream())
                .flatMap(rule -> Optional.ofNullable(rule.getTo()).orElse(List.of()).stream()).toList();
    }

    private static boolean isDns(NetworkPolicyPeer peer) {
        return peer.getNamespaceSelector() != null && peer.getPodSelector() != null
                && "kube-system".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))
                && "kube-dns".equals(peer.getPodSelector().getMatchLabels().get("k8s-app"));
    }

    private List<Pods> pods() {
        List<Pods> pods = new ArrayList<>();
        all(Deployment.class).forEach(d -> pods.add(new Pods(d, d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> pods.add(new Pods(s, s.getSpec().getTemplate())));
        all(Job.class).forEach(j -> pods.add(new Pods(j, j.getSpec().getTemplate())));
        return pods;
    }

    private List<Pods> selectedBy(LabelSelector selector) {
        return pods().stream().filter(p -> selects(selector, p.labels())).toList();
    }

    /** A label selector's verdict: its labels and its expressions (In, NotIn, Exists, DoesNotExist). */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (!matches(selector.getMatchLabels(), labels)) {
            return false;
        }
        for (LabelSelectorRequirement requirement : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels == null ? null : labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && requirement.getValues().contains(value);
                case "NotIn" -> value == null || !requirement.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown selector operator " + requirement.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String componentOf(StatefulSet set) {
        return set.getSpec().getTemplate().getMetadata().getLabels().get("app.kubernetes.io/component");
    }

    private static boolean exposes(Pods pods, IntOrString port) {
        for (Container container : pods.containers()) {
            for (ContainerPort exposed : Optional.ofNullable(container.getPorts()).orElse(List.of())) {
                if (port.getStrVal() != null ? port.getStrVal().equals(exposed.getName())
                        : port.getIntVal().equals(exposed.getContainerPort())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        Optional.ofNullable(secret.getStringData()).ifPresent(d -> keys.addAll(d.keySet()));
        Optional.ofNullable(secret.getData()).ifPresent(d -> keys.addAll(d.keySet()));
        return keys;
    }

    private static void assertSelects(LabelSelector selector, Map<String, String> labels, String what) {
        assertTrue(matches(selector.getMatchLabels(), labels), what + ": selector " + selector.getMatchLabels()
                + " matches its pod labels " + labels);
    }

    private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        if (selector == null || selector.isEmpty()) {
            return true;
        }
        return labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    private <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + "/" + object.getMetadata().getName();
    }
}
