package io.shapes.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends bytes that no well-behaved HTTP client would (bad framing, odd methods, raw bytes in paths, absurd headers)
 * and reads the answer, whatever it is. An answer that does not come within the timeout is a hang.
 */
public final class RawHttp {
    private static final int TIMEOUT_MS = 5000;

    /** The answer; status 0 when the server closed the connection without one. */
    public record Answer(int status, Map<String, String> headers, String body, long millis) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    /** A GET of {@code rawPath} exactly as given (no encoding, no normalising), with the given extra headers. */
    public static Answer get(URI server, String rawPath, String... headerLines) {
        StringBuilder request = new StringBuilder("GET ").append(rawPath).append(" HTTP/1.1\r\nHost: ")
                .append(server.getHost()).append(':').append(server.getPort()).append("\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return send(server, request.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public static Answer send(URI server, byte[] request) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            Answer answer = read(socket.getInputStream());
            return new Answer(answer.status(), answer.headers(), answer.body(), (System.nanoTime() - start) / 1_000_000);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT_MS + " ms (a hang)");
        } catch (ClosedWithoutAnswer e) {
            return new Answer(0, Map.of(), "", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new AssertionError("the connection failed instead of an answer: " + e);
        }
    }

    /** Reads one response: status line, headers, and a body of Content-Length bytes (or to the end). */
    private static Answer read(InputStream in) throws IOException {
        String head = readHead(in);
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: " + lines[0]);
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunks(in);
        } else {
            body = in.readAllBytes();
        }
        return new Answer(Integer.parseInt(statusLine[1]), headers, new String(body, StandardCharsets.UTF_8), 0);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new ClosedWithoutAnswer();
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static final class ClosedWithoutAnswer extends IOException {
        ClosedWithoutAnswer() {
            super("the server closed the connection without an answer");
        }
    }

    private static byte[] readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    return body.toByteArray();
                }
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].trim(), 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }
}
