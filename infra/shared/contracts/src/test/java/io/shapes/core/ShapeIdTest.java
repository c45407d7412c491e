package io.shapes.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import org.junit.jupiter.api.Test;

class ShapeIdTest {

    @Property
    void roundTripKeepsValueAndBucket(@ForAll @IntRange(min = 0, max = Buckets.COUNT - 1) int bucket,
            @ForAll long bits) {
        ShapeId id = ShapeId.of(bucket, bits);
        ShapeId parsed = ShapeId.parse(id.toString());
        assertEquals(id, parsed, "parse(format(id)) == id");
        assertEquals(bucket, parsed.bucket(), "the bucket survives the wire");
        assertEquals(16, id.toString().length(), "wire form is fixed width");
    }

    @Property
    void garbageIsRejectedWithAClearMessage(@ForAll @StringLength(max = 40) String text) {
        boolean wellFormed = text.matches("[0-9a-f]{16}");
        if (wellFormed) {
            assertEquals(text, ShapeId.parse(text).toString());
        } else {
            ShapeId.InvalidShapeIdException e =
                    assertThrows(ShapeId.InvalidShapeIdException.class, () -> ShapeId.parse(text));
            assertTrue(e.getMessage().contains("hex digits"), e.getMessage());
        }
    }

    @Test
    void rejectsUppercaseSignsAndNull() {
        assertThrows(ShapeId.InvalidShapeIdException.class, () -> ShapeId.parse("00000000000000AB"));
        assertThrows(ShapeId.InvalidShapeIdException.class, () -> ShapeId.parse("-000000000000001"));
        assertThrows(ShapeId.InvalidShapeIdException.class, () -> ShapeId.parse("+000000000000001"));
        assertThrows(ShapeId.InvalidShapeIdException.class, () -> ShapeId.parse(null));
    }

    @Test
    void randomIdsStayInTheirBucket() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1000; i++) {
            int bucket = random.nextInt(Buckets.COUNT);
            assertEquals(bucket, ShapeId.random(bucket, random).bucket());
        }
        assertEquals(Buckets.COUNT - 1, ShapeId.of(Buckets.COUNT - 1, -1L).bucket(), "top bucket, all bits set");
    }
}
