package io.logintelemetry.geoip;

import io.logintelemetry.intel.NetworkType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One curated ASN file as read: the list shipped in the jar or one of the user's own. Format, one entry
 * a line: {@code asn<TAB>category<TAB>organization<TAB>note}, category {@code hosting}, {@code vpn},
 * {@code mobile}, or {@code none} (removes the entry of an earlier list); {@code #} starts a comment.
 * Comma-separated lines are accepted in user files too, since people write them in spreadsheets.
 */
final class CuratedList implements Loaded {

    static final String BUILTIN_RESOURCE = "curated-asns.tsv";
    static final String BUILTIN_SOURCE = "curated list";

    /** What a curated entry says about an ASN; {@code type} is null for {@code none}. */
    record Entry(long asn, NetworkType type, String organization, String source) {
    }

    private final Map<Long, Entry> entries;
    private final LineErrors errors;

    private CuratedList(Map<Long, Entry> entries, LineErrors errors) {
        this.entries = Collections.unmodifiableMap(entries);
        this.errors = errors;
    }

    /** The list shipped in the jar. */
    static CuratedList builtin() {
        try (InputStream in = CuratedList.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILTIN_RESOURCE + " is missing from the jar");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), BUILTIN_RESOURCE,
                    BUILTIN_SOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + BUILTIN_RESOURCE + " from the jar", e);
        }
    }

    /**
     * A user's file; its entries are signed "curated list (file name)".
     *
     * @throws IOException when unreadable or without a single entry
     */
    static CuratedList load(Path file) throws IOException {
        String name = TextFiles.name(file);
        try (BufferedReader in = TextFiles.open(file)) {
            CuratedList list = read(in, name, BUILTIN_SOURCE + " (" + name + ")");
            if (list.entries.isEmpty()) {
                throw new IOException("no entry in the file" + list.errors.describe());
            }
            return list;
        }
    }

    static CuratedList read(BufferedReader in, String fileName, String source) throws IOException {
        Map<Long, Entry> entries = new LinkedHashMap<>();
        LineErrors errors = new LineErrors();
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            String error = parse(line, source, entries);
            if (error != null) {
                errors.add(fileName, number, error);
            }
        }
        return new CuratedList(entries, errors);
    }

    /** Adds one line's entry; returns why the line is bad, or null. */
    static String parse(String line, String source, Map<Long, Entry> into) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        List<String> f = line.indexOf('\t') >= 0 ? List.of(line.split("\t", -1)) : AsnRanges.splitCsv(text);
        if (f == null || f.size() < 2) {
            return "expected asn, category, organisation, note";
        }
        String asnText = f.get(0).strip();
        if (asnText.regionMatches(true, 0, "AS", 0, 2)) {
            asnText = asnText.substring(2);
        }
        long asn;
        try {
            asn = Long.parseLong(asnText);
        } catch (NumberFormatException e) {
            return "bad ASN " + TextFiles.quote(f.get(0));
        }
        if (asn <= 0 || asn > 0xFFFF_FFFFL) {
            return "bad ASN " + TextFiles.quote(f.get(0));
        }
        NetworkType type;
        switch (f.get(1).strip().toLowerCase(Locale.ROOT)) {
            case "hosting":
                type = NetworkType.HOSTING;
                break;
            case "vpn":
                type = NetworkType.VPN;
                break;
            case "mobile":
                type = NetworkType.MOBILE;
                break;
            case "none":
                type = null;
                break;
            default:
                return "bad category " + TextFiles.quote(f.get(1)) + " (use hosting, vpn, mobile or none)";
        }
        String organization = f.size() > 2 && !f.get(2).isBlank() ? f.get(2).strip() : null;
        into.put(asn, new Entry(asn, type, organization, source));
        return null;
    }

    Map<Long, Entry> entries() {
        return entries;
    }

    /** Bad lines met (all counted, the first few with their line number). */
    LineErrors errors() {
        return errors;
    }

    @Override
    public String summary() {
        return entries.size() + " entries" + errors.describe();
    }
}
