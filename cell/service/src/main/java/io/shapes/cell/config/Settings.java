package io.shapes.cell.config;

import io.shapes.core.ShapeTypes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Typed values derived from {@link CellConfig}, built once. */
public class Settings {
    @Produces
    @Singleton
    ShapeTypes shapeTypes(CellConfig config) {
        return new ShapeTypes(config.types());
    }
}
