package io.shapes.web;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.shapes.core.Json;
import jakarta.inject.Singleton;

/** The framework's mapper gets the one JSON configuration of the system. */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
