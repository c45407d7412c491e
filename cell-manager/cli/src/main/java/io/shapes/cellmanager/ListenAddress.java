package io.shapes.cellmanager;

import java.net.InetSocketAddress;

import io.shapes.cli.UsageException;

/** A HOST:PORT option of a command that serves HTTP ({@code publish --serve}, {@code console --listen}). */
public final class ListenAddress {
    private ListenAddress() {
    }

    /** {@code text} as an address to listen on, or a usage error naming {@code option} and an example. */
    public static InetSocketAddress parse(String option, String text, String example) {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon < 1 || port < 0 || port > 65_535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(text.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be HOST:PORT, e.g. " + example);
        }
    }
}
