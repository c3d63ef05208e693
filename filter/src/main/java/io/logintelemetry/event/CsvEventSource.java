package io.logintelemetry.event;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * CSV with a header row naming the fields (RFC 4180 quoting; a quoted value may span lines).
 *
 * <p>We split the input into records ourselves (by physical lines, joining lines while a quote is
 * open) and let Jackson parse each record. That keeps each record's starting line number exact,
 * lets one bad record be skipped without losing the rest of the file (Jackson's own iterator cannot
 * resynchronise after an unterminated quote), and checks UTF-8 line by line.
 */
final class CsvEventSource implements EventSource {

    /** Longest record we parse, even one spanning several lines. */
    static final int MAX_RECORD_CHARS = 1024 * 1024;

    private static final ObjectReader ROW = new CsvMapper().readerFor(String[].class);

    private final InputStream in;
    private final BoundedLineReader lines;
    private final Utf8 utf8 = new Utf8();
    private Map<String, Integer> columns;

    CsvEventSource(InputStream in) {
        this.in = in;
        this.lines = new BoundedLineReader(in, MAX_RECORD_CHARS);
    }

    @Override
    public ParsedLine next() throws IOException {
        while (true) {
            Record record = nextRecord();
            if (record == null) {
                return null;
            }
            if (record.problem != null) {
                return ParsedLine.malformed(record.firstLine, record.problem);
            }
            if (record.text.isBlank()) {
                continue;
            }
            String[] values;
            try {
                values = ROW.readValue(record.text);
            } catch (IOException e) {
                return ParsedLine.malformed(record.firstLine, "bad CSV: " + firstLine(e.getMessage()));
            }
            if (columns == null) {
                columns = header(values);
                if (!columns.containsKey("ts") || !columns.containsKey("type")) {
                    throw new IOException("CSV header on line " + record.firstLine
                            + " must name the fields, including ts and type; found " + String.join(",", values));
                }
                continue;
            }
            if (values.length > columns.size()) {
                return ParsedLine.malformed(record.firstLine,
                        "bad CSV: " + values.length + " values but the header names " + columns.size() + " fields");
            }
            String[] row = values;
            return EventFields.toEvent(record.firstLine, name -> {
                Integer i = columns.get(name);
                return i == null || i >= row.length ? null : row[i];
            });
        }
    }

    private static Map<String, Integer> header(String[] names) {
        Map<String, Integer> result = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            result.putIfAbsent(name, i);
        }
        return result;
    }

    /** One logical record: its text, or why it cannot be read. */
    private static final class Record {
        long firstLine;
        String text;
        String problem;
    }

    private Record nextRecord() throws IOException {
        if (!lines.next()) {
            return null;
        }
        Record r = new Record();
        r.firstLine = lines.lineNumber();
        StringBuilder text = new StringBuilder();
        while (true) {
            if (lines.tooLong()) {
                r.problem = "line longer than " + MAX_RECORD_CHARS + " bytes";
                return r;
            }
            String part = utf8.decode(lines.bytes(), 0, lines.length());
            if (part == null) {
                r.problem = "invalid UTF-8 on line " + lines.lineNumber() + " at byte " + (utf8.errorOffset() + 1);
                // Skip the rest of a multi-line record too, or its tail would be read as records.
                boolean open = openQuote(text) ^ oddQuotes(lines.bytes(), lines.length());
                return open ? skipRestOfRecord(r) : r;
            }
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(part);
            if (!openQuote(text)) {
                r.text = text.toString();
                return r;
            }
            if (text.length() > MAX_RECORD_CHARS) {
                r.problem = "unterminated quote (record longer than " + MAX_RECORD_CHARS + " characters)";
                return r;
            }
            if (!lines.next()) {
                r.problem = "bad CSV: unterminated quote at end of input";
                return r;
            }
        }
    }

    /** Reads on to the line that closes the open quote, keeping only the quote state. */
    private Record skipRestOfRecord(Record r) throws IOException {
        boolean open = true;
        while (open && lines.next()) {
            open = !oddQuotes(lines.bytes(), lines.length());
        }
        return r;
    }

    /** Quote parity of raw bytes: the quote byte never occurs inside a multi-byte sequence, even a broken one. */
    private static boolean oddQuotes(byte[] bytes, int length) {
        boolean odd = false;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '"') {
                odd = !odd;
            }
        }
        return odd;
    }

    /** Whether the text ends inside a quoted value: RFC 4180 doubles inner quotes, so parity tells. */
    private static boolean openQuote(CharSequence text) {
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                open = !open;
            }
        }
        return open;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable record";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
