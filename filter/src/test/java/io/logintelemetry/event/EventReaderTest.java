package io.logintelemetry.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsJsonLinesWithEveryCommonFieldAndTypeSpecificDetails() throws IOException {
        Path file = write("events.jsonl",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"u1\",\"ip\":\"203.0.113.7\","
                        + "\"session\":\"s1\",\"device\":\"d1\",\"ua\":\"Mozilla/5.0\",\"outcome\":\"failure\",\"extra\":{\"x\":1}}\n"
                        + "{\"ts\":\"2026-03-01T10:00:00Z\",\"type\":\"payout_account\",\"account\":\"u1\","
                        + "\"holder_name\":\"ヤマダ タロウ\",\"payout_ref\":\"0005-123-1234567\"}\n"
                        + "{\"ts\":\"2026-03-02T01:00:00Z\",\"type\":\"review\",\"account\":\"u2\",\"subject\":\"u1\",\"rating\":4}\n");

        List<ParsedLine> lines = readAll(file);

        assertThat(lines).allMatch(l -> !l.isMalformed());
        Event login = lines.get(0).event();
        assertThat(login.type()).isEqualTo(EventType.LOGIN);
        assertThat(login.timestamp()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z").toEpochMilli());
        assertThat(login.account()).isEqualTo("u1");
        assertThat(login.ip()).hasToString("203.0.113.7");
        assertThat(login.session()).isEqualTo("s1");
        assertThat(login.device()).isEqualTo("d1");
        assertThat(login.userAgent()).isEqualTo("Mozilla/5.0");
        assertThat(login.isFailedLogin()).isTrue();
        assertThat(login.details()).doesNotContainKey("extra");
        assertThat(lines.get(1).event().detail("holder_name")).isEqualTo("ヤマダ タロウ");
        assertThat(lines.get(1).event().detail("payout_ref")).isEqualTo("0005-123-1234567");
        assertThat(lines.get(2).event().detail("subject")).isEqualTo("u1");
        assertThat(lines.get(2).event().detail("rating")).isEqualTo("4");
        assertThat(lines).extracting(ParsedLine::lineNumber).containsExactly(1L, 2L, 3L);
    }

    @Test
    void acceptsOffsetsAndEpochMillisAsTheSameInstant() throws IOException {
        Path file = write("ts.jsonl",
                "{\"ts\":\"2026-03-01T18:00:00+09:00\",\"type\":\"logout\",\"account\":\"a\"}\n"
                        + "{\"ts\":\"2026-03-01T09:00:00.000Z\",\"type\":\"logout\",\"account\":\"a\"}\n"
                        + "{\"ts\":1772355600000,\"type\":\"logout\",\"account\":\"a\"}\n"
                        + "{\"ts\":\"1772355600000\",\"type\":\"logout\",\"account\":\"a\"}\n");

        assertThat(readAll(file)).extracting(l -> l.event().timestamp())
                .containsOnly(Instant.parse("2026-03-01T09:00:00Z").toEpochMilli()).hasSize(4);
    }

    @Test
    void reportsEachKindOfMalformedLineWithItsNumberAndGoesOn() throws IOException {
        Path file = write("bad.jsonl", String.join("\n",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"ok1\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":",
                "{\"type\":\"login\",\"account\":\"a\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"account\":\"a\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"teleport\",\"account\":\"a\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"a\",\"ip\":\"999.1.1.1\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"a\",\"outcome\":\"maybe\"}",
                "{\"ts\":\"yesterday\",\"type\":\"login\",\"account\":\"a\"}",
                "[1,2,3]",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"a\",\"account\":\"b\"}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":{\"id\":1}}",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"request\",\"ip\":\"192.0.2.1\"}",
                "",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"ok2\"} trailing") + "\n");

        List<ParsedLine> lines = readAll(file);

        assertThat(lines).filteredOn(l -> !l.isMalformed()).extracting(ParsedLine::lineNumber)
                .containsExactly(1L, 13L);
        assertThat(lines).filteredOn(ParsedLine::isMalformed)
                .extracting(l -> l.lineNumber() + " " + l.problem())
                .satisfiesExactly(
                        p -> assertThat(p).startsWith("2 bad JSON"),
                        p -> assertThat(p).isEqualTo("3 missing ts"),
                        p -> assertThat(p).isEqualTo("4 missing type"),
                        p -> assertThat(p).isEqualTo("5 unknown type 'teleport'"),
                        p -> assertThat(p).isEqualTo("6 missing account (required for login)"),
                        p -> assertThat(p).isEqualTo("7 bad ip '999.1.1.1'"),
                        p -> assertThat(p).startsWith("8 bad outcome 'maybe'"),
                        p -> assertThat(p).startsWith("9 bad ts 'yesterday'"),
                        p -> assertThat(p).isEqualTo("10 not a JSON object"),
                        p -> assertThat(p).startsWith("11 bad JSON").contains("account"),
                        p -> assertThat(p).startsWith("12 field account must be"),
                        p -> assertThat(p).startsWith("15 bad JSON"));
    }

    @Test
    void readsCsvWithHeaderQuotedMultiLineValuesAndCrLf() throws IOException {
        Path file = write("events.csv",
                "ts,type,account,ip,outcome,unused\r\n"
                        + "2026-03-01T09:00:00Z,login,u1,203.0.113.7,success,zzz\r\n"
                        + "2026-03-01T09:01:00Z,login,\"two\r\nlines, and \"\"quotes\"\"\",203.0.113.8,,\r\n"
                        + "2026-03-01T09:02:00Z,login,u3,not-an-ip,,\r\n"
                        + "2026-03-01T09:03:00Z,login,u4,203.0.113.9,failure,x,too-many\r\n"
                        + "1772355780000,login,u5\r\n");

        List<ParsedLine> lines = readAll(file);

        assertThat(lines).extracting(l -> l.lineNumber() + (l.isMalformed() ? " " + l.problem() : " " + l.event().account()))
                .containsExactly(
                        "2 u1",
                        "3 two\nlines, and \"quotes\"",
                        "5 bad ip 'not-an-ip'",
                        "6 bad CSV: 7 values but the header names 6 fields",
                        "7 u5");
    }

    @Test
    void reportsAnUnterminatedCsvQuoteAndABrokenRecord() throws IOException {
        Path file = write("bad.csv",
                "type,ts,account\n"
                        + "login,2026-03-01T09:00:00Z,\"x\"junk\n"
                        + "login,2026-03-01T09:00:00Z,ok\n"
                        + "login,2026-03-01T09:00:00Z,\"never closed\n"
                        + "login,2026-03-01T09:00:00Z,swallowed\n");

        assertThat(readAll(file)).extracting(l -> l.lineNumber() + " " + (l.isMalformed() ? l.problem() : l.event().account()))
                .satisfiesExactly(
                        p -> assertThat(p).startsWith("2 bad CSV"),
                        p -> assertThat(p).isEqualTo("3 ok"),
                        p -> assertThat(p).startsWith("4 bad CSV: unterminated quote"));
    }

    @Test
    void refusesCsvWithoutUsableHeader() throws IOException {
        Path file = write("noheader.csv", "2026-03-01T09:00:00Z,login,u1\n");

        try (EventReader reader = EventReader.open(file)) {
            assertThatThrownBy(reader::read).isInstanceOf(IOException.class).hasMessageContaining("header");
        }
    }

    @Test
    void readsGzipByMagicBytesWhateverTheNameSaysAndDetectsTheFormatFromContent() throws IOException {
        String jsonl = "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"u1\"}\n";
        String csv = "ts,type,account\n2026-03-01T09:00:00Z,login,u2\n";
        Path gzJsonl = writeBytes("a.jsonl.gz", gzip(jsonl));
        Path gzCsv = writeBytes("b.csv.gz", gzip(csv));
        Path misnamed = writeBytes("export.dat", gzip(csv));

        assertThat(readAll(gzJsonl)).extracting(l -> l.event().account()).containsExactly("u1");
        assertThat(readAll(gzCsv)).extracting(l -> l.event().account()).containsExactly("u2");
        assertThat(readAll(misnamed)).extracting(l -> l.event().account()).containsExactly("u2");
        try (EventReader r = EventReader.open(misnamed)) {
            assertThat(r.format()).isEqualTo(InputFormat.CSV);
        }
    }

    @Test
    void keepsCrLfInAccountNamesAndBoundsTenKilobyteValuesWithoutMergingThem() throws IOException {
        String big = "x".repeat(10 * 1024);
        Path file = write("big.jsonl",
                "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"evil\\r\\nINFO forged\"}\n"
                        + "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"" + big + "A\",\"ua\":\"" + big + "\"}\n"
                        + "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"" + big + "B\"}\n");

        List<ParsedLine> lines = readAll(file);

        assertThat(lines).noneMatch(ParsedLine::isMalformed);
        assertThat(lines.get(0).event().account()).isEqualTo("evil\r\nINFO forged");
        String a = lines.get(1).event().account();
        String b = lines.get(2).event().account();
        assertThat(a).hasSizeLessThanOrEqualTo(Event.MAX_ID_LENGTH).isNotEqualTo(b);
        assertThat(b).hasSizeLessThanOrEqualTo(Event.MAX_ID_LENGTH);
        assertThat(lines.get(1).event().userAgent()).hasSize(Event.MAX_TEXT_LENGTH);
    }

    @Test
    void skipsLinesWithInvalidUtf8AndNamesTheByteButReadsTheRest() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8("{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"ok1\"}\n"));
        String beforeBadByte = "{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"caf";
        bytes.write(utf8(beforeBadByte));
        bytes.write(new byte[]{(byte) 0xE9, (byte) 0xFF});
        bytes.write(utf8("\"}\n"));
        bytes.write(utf8("{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"日本\"}\n"));
        Path file = writeBytes("latin1.jsonl", bytes.toByteArray());

        List<ParsedLine> lines = readAll(file);

        assertThat(lines).extracting(l -> l.lineNumber() + " " + (l.isMalformed() ? l.problem() : l.event().account()))
                .containsExactly("1 ok1", "2 invalid UTF-8 at byte " + (beforeBadByte.length() + 1), "3 日本");
    }

    @Test
    void skipsCsvRecordsWithInvalidUtf8IncludingTheRestOfAMultiLineRecord() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(utf8("ts,type,account\n"));
        bytes.write(utf8("2026-03-01T09:00:00Z,login,\"caf"));
        bytes.write(new byte[]{(byte) 0xC3, (byte) 0x28});
        bytes.write(utf8("\nstill inside\"\n"));
        bytes.write(utf8("2026-03-01T09:00:00Z,login,after\n"));
        Path file = writeBytes("bad-utf8.csv", bytes.toByteArray());

        assertThat(readAll(file)).extracting(l -> l.lineNumber() + " " + (l.isMalformed() ? l.problem() : l.event().account()))
                .containsExactly("2 invalid UTF-8 on line 2 at byte 32", "4 after");
    }

    @Test
    void reportsAnOverlongLineWithoutHoldingIt() throws IOException {
        Path file = dir.resolve("long.jsonl");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(utf8("{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\""));
            byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 20; i++) {
                out.write(chunk);
            }
            out.write(utf8("\"}\n{\"ts\":\"2026-03-01T09:00:00Z\",\"type\":\"login\",\"account\":\"next\"}"));
        }

        assertThat(readAll(file)).extracting(l -> l.lineNumber() + " " + (l.isMalformed() ? l.problem() : l.event().account()))
                .containsExactly("1 line longer than " + JsonLinesEventSource.MAX_LINE_BYTES + " bytes", "2 next");
    }

    private List<ParsedLine> readAll(Path file) throws IOException {
        List<ParsedLine> result = new ArrayList<>();
        try (EventReader reader = EventReader.open(file)) {
            reader.forEachRemaining(result::add);
        }
        return result;
    }

    private Path write(String name, String content) throws IOException {
        return writeBytes(name, utf8(content));
    }

    private Path writeBytes(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(utf8(s));
        }
        return bytes.toByteArray();
    }
}
