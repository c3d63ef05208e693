package io.logintelemetry.export.format;

import io.logintelemetry.flag.Flag;

/**
 * Writes a flag as one record of an export format. Every implementation escapes so that no value
 * (CR, LF, NUL, a delimiter, an unpaired surrogate...) can end the record early or forge another:
 * the output never contains a raw line break.
 */
@FunctionalInterface
public interface FlagFormat {

    String format(Flag flag);

    /** The product version in CEF and LEEF headers. */
    static String productVersion() {
        String v = FlagFormat.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
