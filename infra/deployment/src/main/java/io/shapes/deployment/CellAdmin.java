package io.shapes.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.shapes.core.BucketRange;
import io.shapes.core.Json;
import io.shapes.core.cellapi.OwnershipChange;
import io.shapes.core.cellapi.OwnershipState;

/** The few internal cell calls a deployment needs to hand out bucket ranges. */
public final class CellAdmin {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String authorization;

    public CellAdmin(String internalToken) {
        this.authorization = "Bearer " + internalToken;
    }

    /** Moves {@code range} on the cell at {@code cell} to {@code state}, as part of map {@code mapVersion}. */
    public void setOwnership(URI cell, BucketRange range, OwnershipState state, long mapVersion) {
        String body = Json.write(new OwnershipChange(state, mapVersion));
        HttpRequest request = HttpRequest.newBuilder(cell.resolve("/internal/v1/ownership/" + range))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("cell " + cell + " refused " + state + " for " + range + ": "
                        + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cell " + cell + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
