package io.shapes.chaos;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TestNetworkTest {
    @Test
    void withoutRootThereIsNoTestNetworkAndOneLineSaysSo() {
        PrintStream out = System.out;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setOut(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertTrue(TestNetwork.create("nobody").isEmpty(), "no network for a user other than root");
        } finally {
            System.setOut(out);
        }
        String text = said.toString(StandardCharsets.UTF_8);
        assertTrue(text.strip().lines().count() == 1 && text.contains("partition scenarios are skipped"), text);
    }
}
