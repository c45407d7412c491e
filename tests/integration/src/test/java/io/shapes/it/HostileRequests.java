package io.shapes.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A catalogue of malformed, oversized, mis-encoded and malicious requests against the public API, each as the raw
 * bytes sent. Every one must get a 4xx problem, promptly, and store nothing.
 */
final class HostileRequests {
    /**
     * One request; {@code framing} marks one the HTTP server refuses before any application code runs (a broken
     * request line or percent-encoding, a request line over 16 KiB, headers over the limits, a broken chunk): a bare
     * 4xx or a closed connection, promptly.
     */
    record Hostile(String name, byte[] bytes, boolean framing) {
    }

    private final String tenant;
    private final String key;
    private final String otherTenant;
    private final String otherTenantsShape;
    private final List<Hostile> all = new ArrayList<>();

    /** Requests of {@code tenant} with its {@code key}; {@code otherTenant} owns {@code otherTenantsShape}. */
    HostileRequests(String tenant, String key, String otherTenant, String otherTenantsShape) {
        this.tenant = tenant;
        this.key = key;
        this.otherTenant = otherTenant;
        this.otherTenantsShape = otherTenantsShape;
        badBodies();
        badPaths();
        badQueries();
        badHeaders();
        badMethodsAndFraming();
        edge();
    }

    List<Hostile> all() {
        return List.copyOf(all);
    }

    private void badBodies() {
        String[] bodies = {"", "{", "{\"type\":", "null", "[]", "\"circle\"", "42", "{\"type\":42}", "{\"type\":null}",
            "{\"type\":[\"circle\"]}", "{\"type\":{\"name\":\"circle\"}}", "{\"type\":true}", "{\"type\":\"CIRCLE\"}",
            "{\"type\":\"circle \"}", "{\"type\":\"circ\\u0000le\"}", "{\"type\":\"'; DROP TABLE shapes; --\"}",
            "{\"type\":\"circle' OR '1'='1\"}", "{\"type\":\"<script>alert(1)</script>\"}",
            "{\"type\":\"circle\",\"type\":\"square\"}", "{\"type\":\"circle\",\"tenant\":\"" + otherTenant + "\"}",
            "{\"type\":\"circle\",\"id\":\"" + otherTenantsShape + "\"}", "{\"type\":\"circle\"}}}}",
            "/* note */{\"type\":\"circle\"}", "{'type':'circle'}", "{type:circle}", "{\"type\":\"circle\",\"n\":1e999999}",
            "{\"type\":\"" + "a".repeat(10_000) + "\"}", "[".repeat(20_000), "{\"a\":".repeat(2_000) + "1"
                + "}".repeat(2_000), "{\"type\":\"\u202Ecircle\"}", "{\"type\":\"\uD83D\uDD3A\"}"};
        for (String body : bodies) {
            add("put with body " + abbreviate(body), post(shapes(tenant), "application/json", body.getBytes(StandardCharsets.UTF_8)));
        }
        add("put with invalid UTF-8", post(shapes(tenant), "application/json", new byte[] {'{', '"', 't', 'y', 'p', 'e',
            '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}));
        add("put in UTF-16 with a BOM", post(shapes(tenant), "application/json",
                "\uFEFF{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_16)));
        add("put as XML", post(shapes(tenant), "application/xml", "<type>circle</type>".getBytes(StandardCharsets.UTF_8)));
        add("put as a form", post(shapes(tenant), "application/x-www-form-urlencoded", "type=circle".getBytes(StandardCharsets.UTF_8)));
        add("put without a content type", request("POST", shapes(tenant), List.of("Authorization: Bearer " + key),
                "{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_8)));
        add("put claiming a 10 GB body", raw("POST " + shapes(tenant) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + key + "\r\nContent-Type: application/json\r\nContent-Length: 10737418240\r\nConnection: close\r\n\r\n{}"));
        add("put of a 1 MiB body", post(shapes(tenant), "application/json", ("{\"type\":\"circle\",\"pad\":\""
                + "x".repeat(1 << 20) + "\"}").getBytes(StandardCharsets.UTF_8)));
        // more than the socket buffers hold: the client is still sending when the router refuses it, and must read
        // the 413, not a reset
        add("put of an 8 MiB body", post(shapes(tenant), "application/json", ("{\"type\":\"circle\",\"pad\":\""
                + "x".repeat(8 << 20) + "\"}").getBytes(StandardCharsets.UTF_8)));
    }

    private void badPaths() {
        String[] tenants = {"ACME", "..%2F..%2Fetc%2Fpasswd", "acm%C3%A9", "acme%00", "a".repeat(300), "acme;drop",
            "%27%20OR%201%3D1", "%2e%2e", "acme%0d%0aX-Injected:%201"};
        for (String name : tenants) {
            add("put for tenant " + abbreviate(name), post(shapes(name), "application/json",
                    "{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_8)));
        }
        add("put for another tenant with this key", post(shapes(otherTenant), "application/json",
                "{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_8)));
        add("get another tenant's shape by its id under this tenant", get(shapes(tenant) + "/" + otherTenantsShape));
        String[] ids = {"-1", "9".repeat(1000), "%00", "%27%20OR%201%3D1", "..%2F..%2Fcounts", "0x10", "1.5e3"};
        for (String id : ids) {
            add("get shape " + abbreviate(id), get(shapes(tenant) + "/" + id));
        }
        add("path with a traversal to admin", get("/v1/tenants/" + tenant + "/../../v1/admin/counts?type=circle"));
        add("path with an empty tenant", get("/v1/tenants//shapes"));
        addFraming("path with a bad percent-encoding", get("/v1/tenants/ac%zzme/counts"));
        add("path of 8 KB", get("/v1/tenants/" + "a".repeat(8_000) + "/counts"));
        add("unknown path", get("/v1/../../etc/passwd"));
    }

    private void badQueries() {
        String[] queries = {"type=circle&type=square", "type=", "type=%00", "type=circle%27--", "type=hexagon",
            "partial=1", "partial=true&partial=false", "type=" + "x".repeat(3_000)};
        for (String query : queries) {
            add("count with " + abbreviate(query), get("/v1/tenants/" + tenant + "/counts?" + query));
        }
        add("admin count with a tenant key", get("/v1/admin/counts?type=circle"));
    }

    private void badHeaders() {
        String put = "{\"type\":\"circle\"}";
        String[] authorizations = {"Bearer ", "Basic " + key, "Bearer " + "k".repeat(10_000), "bearer" + key,
            "Bearer " + key + " " + key, "Bearer ' OR '1'='1"};
        for (String authorization : authorizations) {
            add("authorization " + abbreviate(authorization), request("POST", shapes(tenant), List.of("Authorization: "
                    + authorization, "Content-Type: application/json"), put.getBytes(StandardCharsets.UTF_8)));
        }
        add("no authorization", request("GET", "/v1/tenants/" + tenant + "/counts", List.of(), new byte[0]));
        String[] idempotencyKeys = {"x".repeat(129), "", " ", "k\u00ffy"};
        for (String idempotencyKey : idempotencyKeys) {
            add("idempotency key " + abbreviate(idempotencyKey), request("POST", shapes(tenant), List.of(
                    "Authorization: Bearer " + key, "Content-Type: application/json", "Idempotency-Key: "
                            + idempotencyKey), put.getBytes(StandardCharsets.UTF_8)));
        }
        addFraming("a header of 100 KB", request("GET", "/v1/tenants/" + tenant + "/counts", List.of("Authorization: Bearer "
                + key, "X-Pad: " + "p".repeat(100_000)), new byte[0]));
        List<String> many = new ArrayList<>(List.of("Authorization: Bearer " + key));
        for (int i = 0; i < 2_000; i++) {
            many.add("X-Many-" + i + ": " + i);
        }
        addFraming("2000 headers", request("GET", "/v1/tenants/" + tenant + "/counts", many, new byte[0]));
    }

    private void badMethodsAndFraming() {
        add("DELETE the shapes", request("DELETE", shapes(tenant), auth(), new byte[0]));
        add("PUT the shapes", request("PUT", shapes(tenant), auth(), new byte[0]));
        add("PATCH the counts", request("PATCH", "/v1/tenants/" + tenant + "/counts", auth(), new byte[0]));
        add("POST the counts", request("POST", "/v1/tenants/" + tenant + "/counts", auth(), new byte[0]));
        List<String> withJson = new ArrayList<>(auth());
        withJson.add("Content-Type: application/json");
        add("a GET of the counts with a body", request("GET", "/v1/tenants/" + tenant + "/counts", withJson,
                "{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_8)));
        add("a DELETE of the shapes with a body", request("DELETE", shapes(tenant), withJson,
                "{\"type\":\"circle\"}".getBytes(StandardCharsets.UTF_8)));
        add("TRACE", request("TRACE", shapes(tenant), auth(), new byte[0]));
        add("an invented method", request("FROBNICATE", shapes(tenant), auth(), new byte[0]));
        addFraming("a request line of garbage", raw("GARBAGE\r\n\r\n"));
        add("a request line of 10 KB", raw("GET /v1/tenants/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        addFraming("a request line of 20 KB", raw("GET /v1/tenants/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
        add("an HTTP version from the future", raw("GET /v1/tenants/" + tenant + "/counts HTTP/7.0\r\nHost: x\r\n\r\n"));
        addFraming("a header line without a colon", raw("GET /v1/tenants/" + tenant + "/counts HTTP/1.1\r\nHost: x\r\n"
                + "Authorization Bearer " + key + "\r\n\r\n"));
        addFraming("a bad chunked body", raw("POST " + shapes(tenant) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"));
    }

    /** What the edge refuses since paths have one spelling, bodies are counted and health moved off this port. */
    private void edge() {
        String counts = "/v1/tenants/" + tenant + "/counts";
        for (String spelling : List.of("/v1/tenants/" + tenant + ";/counts", counts + ";x=1", "/v1/tenants%2F" + tenant
                + "/counts", "/v1/tenants/%" + Integer.toHexString(tenant.charAt(0)) + tenant.substring(1) + "/counts",
                counts + "/", "/v1//tenants/" + tenant + "/counts", "/v1/./tenants/" + tenant + "/counts",
                "/v1/admin;/counts?type=circle", "/v1/tenants/" + tenant + "/shapes/%2e%2e")) {
            add("path spelled " + abbreviate(spelling), get(spelling));
        }
        add("health on the service port", request("GET", "/q/health/ready", List.of(), new byte[0]));
        add("metrics on the service port", request("GET", "/q/metrics", List.of(), new byte[0]));
        add("an id in a bucket this tenant never has", get(shapes(tenant) + "/" + otherTenantsShape));
        String chunk = "{\"type\":\"circle\",\"pad\":\"" + "x".repeat(4000);
        StringBuilder chunked = new StringBuilder("POST " + shapes(tenant) + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + key + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (int i = 0; i < 4; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        add("a chunked 16 KiB put", raw(chunked.append("0\r\n\r\n").toString()));
        add("an unauthenticated chunked put", raw("POST " + shapes(tenant) + " HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "11\r\n{\"type\":\"circle\"}\r\n0\r\n\r\n")); // 0x11: the 17 bytes of the body
    }

    private void add(String name, byte[] bytes) {
        all.add(new Hostile(name, bytes, false));
    }

    private void addFraming(String name, byte[] bytes) {
        all.add(new Hostile(name, bytes, true));
    }

    private List<String> auth() {
        return List.of("Authorization: Bearer " + key);
    }

    private static String shapes(String tenant) {
        return "/v1/tenants/" + tenant + "/shapes";
    }

    private byte[] get(String target) {
        return request("GET", target, auth(), new byte[0]);
    }

    private byte[] post(String target, String contentType, byte[] body) {
        return request("POST", target, List.of("Authorization: Bearer " + key, "Content-Type: " + contentType), body);
    }

    private static byte[] request(String method, String target, List<String> headers, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach(h -> head.append(h).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "… (" + text.length() + " chars)" : text;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
