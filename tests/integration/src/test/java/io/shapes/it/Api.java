package io.shapes.it;

import static io.restassured.RestAssured.given;

import java.net.URI;

import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The public API of one router, as a client sees it. */
final class Api {
    private static final java.net.http.HttpClient PLAIN = java.net.http.HttpClient.newHttpClient();
    private final URI router;
    private final Filter contract;

    Api(URI router) {
        this(router, null);
    }

    /** Every call through this client also passes {@code contract} (e.g. the OpenAPI document's validation). */
    Api(URI router, Filter contract) {
        this.router = router;
        this.contract = contract;
    }

    RequestSpecification as(String token) {
        RequestSpecification request = given().baseUri(router.toString()).urlEncodingEnabled(true);
        if (contract != null) {
            request = request.filter(contract);
        }
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    Response put(String token, String tenant, String type) {
        return as(token).contentType(ContentType.JSON).body("{\"type\":\"" + type + "\"}")
                .post("/v1/tenants/{tenant}/shapes", tenant);
    }

    /** Puts a shape and returns its id, failing unless the router answered 201. */
    String putOk(String token, String tenant, String type) {
        return put(token, tenant, type).then().statusCode(201).extract().path("id");
    }

    /** A put sent with a plain JDK client and timed: status and milliseconds, without the test DSL's own cost. */
    long[] timedPut(String token, String tenant, String type) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(router.resolve("/v1/tenants/" + tenant
                + "/shapes")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\"}")).build();
        long start = System.nanoTime();
        try {
            int status = PLAIN.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
            return new long[] {status, (System.nanoTime() - start) / 1_000_000};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String token, String tenant, String id) {
        return as(token).get("/v1/tenants/{tenant}/shapes/{id}", tenant, id);
    }

    Response count(String token, String tenant, String type) {
        return as(token).queryParam("type", type).get("/v1/tenants/{tenant}/counts", tenant);
    }

    Response countAll(String token, String tenant) {
        return as(token).get("/v1/tenants/{tenant}/counts", tenant);
    }

    Response globalCount(String token, String type, boolean partial) {
        RequestSpecification request = as(token).queryParam("type", type);
        return (partial ? request.queryParam("partial", "true") : request).get("/v1/admin/counts");
    }
}
