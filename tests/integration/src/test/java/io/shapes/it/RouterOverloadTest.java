package io.shapes.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.shapes.deployment.LocalDeployment;

/** A router far past its limits, at its production defaults: every answer is still a problem from the catalogue. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterOverloadTest {
    @RegisterExtension
    final DeploymentExtension deployments = DeploymentExtension.with(d -> d.cells(1).routers(1).shardSize(1));
    private LocalDeployment deployment;
    private Api api;

    @BeforeAll
    void startDeployment() {
        deployment = deployments.get();
        api = new Api(deployment.router(0).url());
    }

    /**
     * Overload at the router's defaults: thousands of puts at once, far past its concurrency limit. Whatever is not
     * stored is refused with a problem from the catalogue: a status, {@code application/problem+json} and a code in
     * the body; never an empty body, a stack trace or a dropped connection.
     */
    @Test
    void everyAnswerUnderOverloadIsAProblemFromTheCatalogue() throws Exception {
        String tenant = "flood";
        String key = deployment.createTenant(tenant);
        await("the router knows the key").atMost(Duration.ofSeconds(15))
                .until(() -> api.countAll(key, tenant).statusCode() == 200);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(4)).build();
        java.net.http.HttpRequest put = java.net.http.HttpRequest.newBuilder(
                deployment.router(0).url().resolve("/v1/tenants/" + tenant + "/shapes"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"circle\"}")).build();
        int floods = 3;
        int perFlood = 1500;
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
        List<String> notProblems = new java.util.ArrayList<>();
        for (int flood = 0; flood < floods; flood++) {
            List<CompletableFuture<java.net.http.HttpResponse<String>>> answers = IntStream.range(0, perFlood)
                    .mapToObj(i -> http.sendAsync(put, java.net.http.HttpResponse.BodyHandlers.ofString())).toList();
            for (CompletableFuture<java.net.http.HttpResponse<String>> future : answers) {
                java.net.http.HttpResponse<String> answer;
                try {
                    answer = future.join();
                } catch (java.util.concurrent.CompletionException e) {
                    notProblems.add("no answer: " + e.getCause());
                    continue;
                }
                if (answer.statusCode() == 201) {
                    outcomes.merge("201", 1, Integer::sum);
                    continue;
                }
                String type = answer.headers().firstValue("Content-Type").orElse("");
                String code = problemCode(answer.body());
                outcomes.merge(answer.statusCode() + " " + code, 1, Integer::sum);
                if (!type.startsWith("application/problem+json") || code == null) {
                    notProblems.add(answer.statusCode() + " [" + type + "] '" + answer.body() + "' "
                            + answer.headers().map());
                }
            }
        }
        System.out.println("overload: " + outcomes);
        assertEquals(List.of(), notProblems.subList(0, Math.min(5, notProblems.size())),
                notProblems.size() + " of " + floods * perFlood + " answers were no problem+json; " + outcomes);
        assertTrue(outcomes.getOrDefault("503 overloaded", 0) > 0, "the floods went past the router's limit (else"
                + " this test tested nothing): " + outcomes);
    }

    private static String problemCode(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode code = io.shapes.core.Json.MAPPER.readTree(body).get("code");
            return code == null ? null : code.asText();
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

}
