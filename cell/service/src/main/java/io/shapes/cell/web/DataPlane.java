package io.shapes.cell.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that the data-plane token may call (put, get, count). Every endpoint without it is admin-only:
 * a new endpoint is closed to routers until someone decides otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD})
public @interface DataPlane {
}
