package io.logintelemetry.geoip;

import io.logintelemetry.net.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A free IP-range-to-ASN file (the {@code @ip-location-db/asn} layout {@code start,end,asn,org}, CSV or
 * TSV, IPv4 and IPv6, optionally gzipped; also iptoasn.com's {@code start end asn country description})
 * held as sorted parallel primitive arrays and searched by binary search: a few hundred thousand ranges
 * cost a few megabytes instead of an object per range.
 *
 * <p>Ranges are expected not to overlap, as in both published layouts: the search finds the last range
 * starting at or below the address and checks its end. Used only when no MaxMind source gave an ASN.
 */
final class AsnRanges implements IpSource, Loaded {

    private final String name;
    // IPv4: starts and ends as unsigned ints, row -> index into asns/organizations.
    private final int[] v4Start;
    private final int[] v4End;
    private final int[] v4Asn;
    // IPv6: each address as two longs, compared unsigned.
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;
    private final int[] v6Asn;
    private final long[] asns;
    private final String[] organizations;
    private final String summary;

    private AsnRanges(String name, Builder b, String summary) {
        this.name = name;
        int[] order4 = b.order4();
        v4Start = permute(b.v4Start.array(), order4);
        v4End = permute(b.v4End.array(), order4);
        v4Asn = permute(b.v4Asn.array(), order4);
        int[] order6 = b.order6();
        v6StartHigh = permute(b.v6StartHigh.array(), order6);
        v6StartLow = permute(b.v6StartLow.array(), order6);
        v6EndHigh = permute(b.v6EndHigh.array(), order6);
        v6EndLow = permute(b.v6EndLow.array(), order6);
        v6Asn = permute(b.v6Asn.array(), order6);
        asns = b.asns.array();
        organizations = b.organizations.toArray(new String[0]);
        this.summary = summary;
    }

    /**
     * Reads one file.
     *
     * @throws IOException when it cannot be read or holds no usable range at all (an empty or garbled
     *                     download must not replace good data)
     */
    static AsnRanges load(Path file) throws IOException {
        String fileName = TextFiles.name(file);
        Builder b = new Builder();
        LineErrors errors = new LineErrors();
        try (BufferedReader in = TextFiles.open(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String error = b.add(line, number == 1);
                if (error != null) {
                    errors.add(fileName, number, error);
                }
            }
        }
        int ranges = b.v4Start.size() + b.v6StartHigh.size();
        if (ranges == 0) {
            throw new IOException("no usable range in the file" + errors.describe());
        }
        String summary = b.v4Start.size() + " IPv4 and " + b.v6StartHigh.size() + " IPv6 ranges of "
                + b.asns.size() + " ASNs" + errors.describe();
        return new AsnRanges("ASN ranges " + fileName, b, summary);
    }

    @Override
    public String summary() {
        return summary;
    }

    int size() {
        return v4Start.length + v6StartHigh.length;
    }

    @Override
    public void contribute(Draft draft) {
        if (draft.asn() != 0) {
            return;
        }
        int row = find(draft.ip());
        if (row >= 0) {
            draft.asn(asns[row], organizations[row], name);
        }
    }

    /** The index into asns/organizations of the range holding {@code ip}, or -1. */
    int find(IpAddress ip) {
        if (ip.isV4()) {
            int value = (int) ip.low();
            int lo = 0;
            int hi = v4Start.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Integer.compareUnsigned(v4Start[mid], value) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found >= 0 && Integer.compareUnsigned(value, v4End[found]) <= 0 ? v4Asn[found] : -1;
        }
        long high = ip.high();
        long low = ip.low();
        int lo = 0;
        int hi = v6StartHigh.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6StartHigh[mid], v6StartLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, v6EndHigh[found], v6EndLow[found]) <= 0 ? v6Asn[found] : -1;
    }

    private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    private static int[] permute(int[] values, int[] order) {
        if (order == null) {
            return values;
        }
        int[] out = new int[values.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    private static long[] permute(long[] values, int[] order) {
        if (order == null) {
            return values;
        }
        long[] out = new long[values.length];
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    /** Splits a CSV line with RFC 4180 quoting ("a, b" and "" for a quote); null if a quote is left open. */
    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        fields.add(field.toString());
        return fields;
    }

    /** Collects the parsed ranges in file order. */
    private static final class Builder {
        final IntList v4Start = new IntList();
        final IntList v4End = new IntList();
        final IntList v4Asn = new IntList();
        final LongList v6StartHigh = new LongList();
        final LongList v6StartLow = new LongList();
        final LongList v6EndHigh = new LongList();
        final LongList v6EndLow = new LongList();
        final IntList v6Asn = new IntList();
        final LongList asns = new LongList();
        final List<String> organizations = new ArrayList<>();
        // One row per distinct (asn, organisation): the same ASN appears on many ranges.
        private final Map<String, Integer> rows = new HashMap<>();

        /** Adds one line; returns why it is bad, or null when it was used or is a comment or header. */
        String add(String line, boolean first) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                return null;
            }
            boolean tsv = text.indexOf('\t') >= 0;
            List<String> f = tsv ? Arrays.asList(text.split("\t", -1)) : splitCsv(text);
            if (f == null) {
                return "unterminated quote";
            }
            IpAddress start = IpAddress.parse(f.get(0)).orElse(null);
            if (start == null && first) {
                return null; // a header line such as "start,end,asn,org"
            }
            if (f.size() < 3) {
                return "expected start, end, asn, organisation but found " + f.size() + " field" + (f.size() == 1 ? "" : "s");
            }
            if (start == null) {
                return "bad start address " + TextFiles.quote(f.get(0));
            }
            IpAddress end = IpAddress.parse(f.get(1)).orElse(null);
            if (end == null) {
                return "bad end address " + TextFiles.quote(f.get(1));
            }
            if (start.isV4() != end.isV4() || start.compareTo(end) > 0) {
                return "end " + end + " is not after start " + start;
            }
            long asn = parseAsn(f.get(2).strip());
            if (asn < 0) {
                return "bad ASN " + TextFiles.quote(f.get(2));
            }
            if (asn == 0) {
                return null; // "not routed" in iptoasn.com's files: nothing to say about these addresses
            }
            String organization = organization(f, tsv);
            int row = row(asn, organization);
            if (start.isV4()) {
                v4Start.add((int) start.low());
                v4End.add((int) end.low());
                v4Asn.add(row);
            } else {
                v6StartHigh.add(start.high());
                v6StartLow.add(start.low());
                v6EndHigh.add(end.high());
                v6EndLow.add(end.low());
                v6Asn.add(row);
            }
            return null;
        }

        private static String organization(List<String> f, boolean tsv) {
            String org;
            if (f.size() == 3) {
                org = "";
            } else if (tsv && f.size() == 5 && isCountryColumn(f.get(3).strip())) {
                org = f.get(4); // iptoasn.com: start, end, asn, country, description
            } else if (!tsv && f.size() > 4) {
                org = String.join(",", f.subList(3, f.size())); // an unquoted comma inside the name
            } else {
                org = f.get(3);
            }
            org = org.strip();
            return org.isEmpty() || org.equals("Not routed") ? null : org;
        }

        private static boolean isCountryColumn(String s) {
            return s.equals("None") || s.length() == 2 && Character.isUpperCase(s.charAt(0)) && Character.isUpperCase(s.charAt(1));
        }

        /** "13335" or "AS13335"; -1 when neither. */
        private static long parseAsn(String s) {
            String digits = s.regionMatches(true, 0, "AS", 0, 2) ? s.substring(2) : s;
            if (digits.isEmpty() || digits.length() > 10) {
                return -1;
            }
            long value = 0;
            for (int i = 0; i < digits.length(); i++) {
                char c = digits.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value > 0xFFFF_FFFFL ? -1 : value;
        }

        private int row(long asn, String organization) {
            String key = asn + "\t" + organization;
            Integer row = rows.get(key);
            if (row == null) {
                row = asns.size();
                asns.add(asn);
                organizations.add(organization);
                rows.put(key, row);
            }
            return row;
        }

        /** The row order sorted by start, or null when the file was already sorted (the usual case). */
        int[] order4() {
            int n = v4Start.size();
            int[] s = v4Start.values;
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = Integer.compareUnsigned(s[i - 1], s[i]) <= 0;
            }
            if (sorted) {
                return null;
            }
            return Arrays.stream(boxed(n)).sorted((a, b) -> Integer.compareUnsigned(s[a], s[b]))
                    .mapToInt(Integer::intValue).toArray();
        }

        int[] order6() {
            int n = v6StartHigh.size();
            long[] h = v6StartHigh.values;
            long[] l = v6StartLow.values;
            boolean sorted = true;
            for (int i = 1; i < n && sorted; i++) {
                sorted = compare(h[i - 1], l[i - 1], h[i], l[i]) <= 0;
            }
            if (sorted) {
                return null;
            }
            return Arrays.stream(boxed(n)).sorted((a, b) -> compare(h[a], l[a], h[b], l[b]))
                    .mapToInt(Integer::intValue).toArray();
        }

        private static Integer[] boxed(int n) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
    }

    /** A growable int array. */
    private static final class IntList {
        int[] values = new int[1024];
        int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        int[] array() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable long array. */
    private static final class LongList {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        long[] array() {
            return Arrays.copyOf(values, size);
        }
    }
}
