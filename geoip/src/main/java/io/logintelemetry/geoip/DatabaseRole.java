package io.logintelemetry.geoip;

import io.logintelemetry.config.ConfigKey;
import io.logintelemetry.config.ConfigKeys;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a configured MaxMind database is for: its key, the kinds of file that key accepts, and the
 * features that are missing when it cannot be loaded. Listed best source first: lookups ask them in
 * this order and the first answer for a field wins.
 */
enum DatabaseRole {
    CITY(ConfigKeys.GEOIP_CITY_DATABASE, EnumSet.of(DatabaseKind.CITY, DatabaseKind.COUNTRY, DatabaseKind.ENTERPRISE),
            "country, city and location"),
    ASN(ConfigKeys.GEOIP_ASN_DATABASE, EnumSet.of(DatabaseKind.ASN, DatabaseKind.ISP),
            "ASN and organisation"),
    ISP(ConfigKeys.GEOIP_ISP_DATABASE, EnumSet.of(DatabaseKind.ISP, DatabaseKind.ENTERPRISE),
            "ASN, ISP and organisation"),
    ANONYMOUS_IP(ConfigKeys.GEOIP_ANONYMOUS_IP_DATABASE, EnumSet.of(DatabaseKind.ANONYMOUS_IP),
            "VPN, hosting, Tor and public proxy flags from MaxMind"),
    CONNECTION_TYPE(ConfigKeys.GEOIP_CONNECTION_TYPE_DATABASE, EnumSet.of(DatabaseKind.CONNECTION_TYPE),
            "mobile (cellular) network detection from MaxMind");

    private final ConfigKey<String> key;
    private final Set<DatabaseKind> accepted;
    private final String features;

    DatabaseRole(ConfigKey<String> key, Set<DatabaseKind> accepted, String features) {
        this.key = key;
        this.accepted = accepted;
        this.features = features;
    }

    ConfigKey<String> key() {
        return key;
    }

    boolean accepts(DatabaseKind kind) {
        return kind != null && accepted.contains(kind);
    }

    /** "a City, Country or Enterprise", "an ASN or ISP". */
    String acceptedLabels() {
        String labels = accepted.stream().map(DatabaseKind::label).collect(Collectors.joining(", "));
        int last = labels.lastIndexOf(", ");
        String list = last < 0 ? labels : labels.substring(0, last) + " or " + labels.substring(last + 2);
        return ("AEIOU".indexOf(list.charAt(0)) >= 0 ? "an " : "a ") + list;
    }

    String features() {
        return features;
    }
}
