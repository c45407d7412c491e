package io.shapes.router.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptedMediaTest {
    @Test
    void noHeaderOrAnyRangeThatCoversJsonAllowsJson() {
        assertTrue(AcceptedMedia.allowsJson(null));
        assertTrue(AcceptedMedia.allowsJson(""));
        assertTrue(AcceptedMedia.allowsJson("*/*"));
        assertTrue(AcceptedMedia.allowsJson("application/json"));
        assertTrue(AcceptedMedia.allowsJson("Application/JSON; charset=utf-8"));
        assertTrue(AcceptedMedia.allowsJson("text/html, application/*;q=0.5"));
        assertTrue(AcceptedMedia.allowsJson("text/plain;q=1, */*;q=0.1"));
    }

    @Test
    void rangesThatLeaveJsonOutOrRefuseItDoNot() {
        assertFalse(AcceptedMedia.allowsJson("text/plain"));
        assertFalse(AcceptedMedia.allowsJson("application/xml, text/*"));
        assertFalse(AcceptedMedia.allowsJson("application/json;q=0"));
        assertFalse(AcceptedMedia.allowsJson("application/json; q=0.000, text/plain"));
        assertFalse(AcceptedMedia.allowsJson("application/jsonx"));
        assertFalse(AcceptedMedia.allowsJson(",;,"));
    }
}
