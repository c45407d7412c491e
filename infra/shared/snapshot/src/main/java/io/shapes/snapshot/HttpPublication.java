package io.shapes.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A publication on a static file server or object store, read over HTTP. The manifest is asked for with
 * {@code If-None-Match}, so an unchanged one costs a {@code 304} and no body.
 */
public final class HttpPublication {
    /** A segment larger than this is refused unread (a full key segment holds about 330 KB). */
    public static final int MAX_SEGMENT_BYTES = 64 << 20;
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private volatile String etag;

    /** {@code base}: where {@code manifest.json} and {@code segments/} are, e.g. {@code http://snapshot:8080/}. */
    public HttpPublication(URI base, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public URI base() {
        return base;
    }

    /** The manifest's bytes, or empty when it has not changed since the last one returned. */
    public Optional<byte[]> manifestIfChanged() throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(Manifest.FILE)).timeout(timeout);
        String known = etag;
        if (known != null) {
            request.header("If-None-Match", known);
        }
        HttpResponse<InputStream> response = send(request.build());
        if (response.statusCode() == 304) {
            response.body().close();
            return Optional.empty();
        }
        byte[] body = body(response, Manifest.MAX_BYTES, Manifest.FILE);
        etag = response.headers().firstValue("ETag").orElse(null);
        return Optional.of(body);
    }

    /** Forgets the manifest's tag, so that the next {@link #manifestIfChanged} returns it whole. */
    public void forgetManifest() {
        etag = null;
    }

    public byte[] segment(String hash) throws IOException {
        if (!Checksums.isSha256Hex(hash)) {
            throw new InvalidPublicationException("not a segment name: " + hash);
        }
        return body(send(HttpRequest.newBuilder(base.resolve("segments/" + hash)).timeout(timeout).build()),
                MAX_SEGMENT_BYTES, "segment " + hash);
    }

    private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + request.uri(), e);
        }
    }

    private static byte[] body(HttpResponse<InputStream> response, int limit, String what) throws IOException {
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException(what + ": HTTP " + response.statusCode() + " from " + response.uri());
            }
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new InvalidPublicationException(what + " is larger than " + limit + " bytes");
            }
            return bytes;
        }
    }
}
