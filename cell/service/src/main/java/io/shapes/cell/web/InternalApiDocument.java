package io.shapes.cell.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import io.shapes.core.error.ErrorCode;
import io.shapes.core.error.Problem;

/**
 * Completes the generated document of the cell's internal API with what the code's signatures do not say: every
 * operation takes a bearer token (the data or the admin token), and may answer any status of the error catalogue
 * ({@link ErrorCode}) as {@code application/problem+json}, described once as the {@code Problem} schema.
 */
public class InternalApiDocument implements OASFilter {
    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final String TOKEN = "cellToken";

    @Override
    public void filterOpenAPI(OpenAPI document) {
        document.getComponents().addSecurityScheme(TOKEN, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The cell's data token (router) or admin token (cell-manager); tokens differ per call"));
        document.getComponents().addSchema("Problem", problemSchema());
        document.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(TOKEN));
        if (document.getPaths() != null) {
            document.getPaths().getPathItems().values().forEach(path -> path.getOperations().values()
                    .forEach(InternalApiDocument::addProblems));
        }
    }

    private static void addProblems(Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        Map<Integer, List<ErrorCode>> byStatus = Arrays.stream(ErrorCode.values())
                .collect(Collectors.groupingBy(ErrorCode::status));
        byStatus.forEach((status, codes) -> {
            if (!responses.hasAPIResponse(String.valueOf(status))) {
                responses.addAPIResponse(String.valueOf(status), OASFactory.createAPIResponse()
                        .description(codes.stream().map(c -> c.code() + ": " + c.title())
                                .collect(Collectors.joining("; ")))
                        .content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)))));
            }
        });
        operation.setResponses(responses);
    }

    private static Schema problemSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with a stable code (API.md, Errors)")
                .required(List.of("type", "title", "status", "detail", "code"))
                .addProperty("type", text).addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", text)
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(
                        Arrays.stream(ErrorCode.values()).map(c -> (Object) c.code()).toList()))
                .addProperty("retryAfterMs", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("missingCells", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(text))
                .addProperty("mapVersion", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("traceId", text);
    }
}
