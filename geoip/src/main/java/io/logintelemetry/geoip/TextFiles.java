package io.logintelemetry.geoip;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens the text sources: UTF-8, gzip recognised by its magic bytes rather than trusted to the name. */
final class TextFiles {

    private TextFiles() {
    }

    static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        // Malformed bytes become U+FFFD and fail that line's parse, instead of failing the whole file.
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** The file name alone, for messages and source names. */
    static String name(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }

    /** A value for a message: quoted and cut short. */
    static String quote(String value) {
        return "\"" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "\"";
    }
}
