package io.logintelemetry.geoip;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The curated lists laid over each other (shipped list first, then the user's files in order: a later
 * entry replaces an earlier one, {@code none} removes it), as a sorted ASN array searched by binary
 * search. Classifies an address by the ASN an earlier source found for it, so it needs an ASN source.
 */
final class CuratedAsns implements IpSource {

    private final long[] asns;
    private final CuratedList.Entry[] entries;

    private CuratedAsns(long[] asns, CuratedList.Entry[] entries) {
        this.asns = asns;
        this.entries = entries;
    }

    static CuratedAsns merge(List<CuratedList> lists) {
        Map<Long, CuratedList.Entry> merged = new LinkedHashMap<>();
        for (CuratedList list : lists) {
            for (CuratedList.Entry e : list.entries().values()) {
                if (e.type() == null) {
                    merged.remove(e.asn());
                } else {
                    merged.put(e.asn(), e);
                }
            }
        }
        CuratedList.Entry[] sorted = merged.values().stream()
                .sorted((a, b) -> Long.compare(a.asn(), b.asn()))
                .toArray(CuratedList.Entry[]::new);
        long[] asns = Arrays.stream(sorted).mapToLong(CuratedList.Entry::asn).toArray();
        return new CuratedAsns(asns, sorted);
    }

    int size() {
        return asns.length;
    }

    /** The entry for {@code asn}, or null. */
    CuratedList.Entry find(long asn) {
        int at = Arrays.binarySearch(asns, asn);
        return at >= 0 ? entries[at] : null;
    }

    @Override
    public void contribute(Draft draft) {
        long asn = draft.asn();
        if (asn == 0) {
            return;
        }
        CuratedList.Entry e = find(asn);
        if (e != null) {
            draft.type(e.type(), e.source());
            draft.organizationIfMissing(e.organization(), e.source());
        }
    }
}
