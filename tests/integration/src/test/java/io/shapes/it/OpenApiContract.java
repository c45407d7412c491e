package io.shapes.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import io.shapes.web.testing.RawHttp;

/**
 * The public API's OpenAPI document as the router serves it ({@code /q/openapi} on its management port), checked
 * against what the router really does (Atlassian's swagger-request-validator). Every answer must be one the document
 * lists for its operation: status, headers, body. A request the document calls invalid must be refused with a 4xx
 * (the contract suites send such requests on purpose); a request the router accepts must be valid by the document.
 */
final class OpenApiContract implements Filter {
    private final OpenApiInteractionValidator validator;

    private OpenApiContract(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    /** The document the router at {@code management} serves. */
    static OpenApiContract servedBy(URI management) {
        try {
            HttpResponse<String> document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    management.resolve("/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
            if (document.statusCode() != 200) {
                throw new AssertionError("the router serves no OpenAPI document: " + document.statusCode());
            }
            return new OpenApiContract(OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
                    .build());
        } catch (IOException e) {
            throw new AssertionError("the router serves no OpenAPI document: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        List<String> violations = violations(validator.validate(RestAssuredRequest.of(request),
                RestAssuredResponse.of(answer)), answer.statusCode());
        if (!violations.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " → " + answer.statusCode()
                    + " breaks the OpenAPI document:\n  " + String.join("\n  ", violations));
        }
        return answer;
    }

    /**
     * What is wrong with a raw request's answer by the document: nothing for a path or method the document does not
     * have (the router refuses those before any operation), else the answer's departures from its operation.
     */
    List<String> violationsOfRaw(byte[] rawRequest, RawHttp.Answer answer) {
        String[] line = new String(rawRequest, java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n", 2)[0]
                .split(" ");
        if (line.length < 2 || answer.status() == 0) {
            return List.of();
        }
        Request.Method method;
        try {
            method = Request.Method.valueOf(line[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        String path = line[1].split("\\?", 2)[0];
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.body());
        answer.headers().forEach(response::withHeader);
        return violations(validator.validateResponse(path, method, response.build()), answer.status()).stream()
                .filter(v -> !v.startsWith("validation.request")).toList();
    }

    private static List<String> violations(ValidationReport report, int status) {
        boolean refused = status >= 400 && status < 500;
        List<String> violations = new ArrayList<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() == ValidationReport.Level.ERROR
                    && !(refused && message.getKey().startsWith("validation.request"))) {
                violations.add(message.getKey() + ": " + message.getMessage());
            }
        }
        return violations;
    }
}
