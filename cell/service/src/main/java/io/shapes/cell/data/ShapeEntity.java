package io.shapes.cell.data;

import java.io.Serializable;
import java.time.OffsetDateTime;

import org.hibernate.annotations.Immutable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A stored shape, as Hibernate Reactive reads it. Rows are written by {@link ShapeStore#insert} (one statement
 * that also counts) and by imports, never through this entity, so it is immutable here.
 */
@Entity
@Immutable
@Table(name = "shapes")
@IdClass(ShapeEntity.Key.class)
public class ShapeEntity {
    @Id
    public String tenant;

    @Id
    public long id;

    public int bucket;

    public String type;

    public long seq;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** The primary key: (tenant, id). */
    public record Key(String tenant, long id) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
