package io.logintelemetry.agent.scan;

import java.io.IOException;
import java.nio.file.Path;

/** An input file could not be read (as opposed to a malformed line in it, which is only skipped). */
final class ScanInputException extends IOException {

    private static final long serialVersionUID = 1L;

    ScanInputException(Path file, IOException cause) {
        super("cannot read " + file + ": " + cause.getMessage(), cause);
    }
}
