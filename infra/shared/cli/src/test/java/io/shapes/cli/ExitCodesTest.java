package io.shapes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitCodesTest {
    @Test
    void anEchoedArgumentCannotForgeALineOrRecolourTheTerminal() {
        assertEquals("unknown cell 'a\\nerror: forged'", ExitCodes.oneLine("unknown cell 'a\nerror: forged'"));
        assertEquals("bad \\u001b[31mred\\u000d", ExitCodes.oneLine("bad \u001b[31mred\r"));
        assertEquals("cell\\u202e9", ExitCodes.oneLine("cell\u202e9"));
    }

    @Test
    void printableTextIsKeptAsItIs() {
        assertEquals("unknown tenant 'ténant' — see --help", ExitCodes.oneLine("unknown tenant 'ténant' — see --help"));
    }

    @Test
    void anOverlongMessageIsCutWithoutSplittingACharacter() {
        String cut = ExitCodes.oneLine("x".repeat(ExitCodes.MAX_MESSAGE - 1) + "😀😀");
        assertTrue(cut.endsWith("x…"), cut);
        assertEquals(ExitCodes.MAX_MESSAGE + 1, ExitCodes.oneLine("y".repeat(5000)).length());
    }

    @Test
    void theFailureIsReportedNotTheAsynchronousWrapperAroundIt() {
        var cause = new IllegalStateException("cell http://127.0.0.1:1 did not answer");
        assertEquals(cause, ExitCodes.unwrapped(new java.util.concurrent.CompletionException(cause)));
        assertEquals(cause, ExitCodes.unwrapped(cause));
    }
}
