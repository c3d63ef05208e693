package io.logintelemetry.geoip;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.model.AnonymousIpResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.model.ConnectionTypeResponse;
import com.maxmind.geoip2.model.CountryResponse;
import com.maxmind.geoip2.model.EnterpriseResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.Location;
import com.maxmind.geoip2.record.Traits;
import io.logintelemetry.intel.NetworkType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;

/**
 * One opened MaxMind database (City, Country, ASN, ISP, Anonymous IP, Connection Type or Enterprise),
 * read through the official reader. Which lookup method is used follows the file's own metadata, not
 * the key it was configured under, and a file whose kind the key does not accept is refused at load.
 */
final class MaxMindDatabase implements IpSource, Loaded {

    private final DatabaseReader reader;
    private final DatabaseKind kind;
    private final String name;
    private final Metadata metadata;

    private MaxMindDatabase(DatabaseReader reader, DatabaseKind kind, Metadata metadata) {
        this.reader = reader;
        this.kind = kind;
        this.metadata = metadata;
        this.name = metadata.databaseType();
    }

    /**
     * Opens {@code file} for {@code role}.
     *
     * @throws IOException              unreadable, not a MaxMind database, or a database of a kind
     *                                  {@code role} does not take
     * @throws IllegalArgumentException the reader's answer to some damaged files (a cut-off metadata section)
     */
    static MaxMindDatabase open(Path file, DatabaseRole role) throws IOException {
        // Read into the heap rather than memory-mapped: a file overwritten in place (not renamed over)
        // would otherwise change under lookups in flight; this way the old copy stays intact until the
        // new one has loaded and is swapped in.
        // The reader's node cache (bounded, 4096 decoded records) saves re-decoding the records many
        // addresses share (a city, an ASN) on lookups that miss our own per-address cache.
        DatabaseReader reader = new DatabaseReader.Builder(file.toFile()).fileMode(Reader.FileMode.MEMORY)
                .withCache(new CHMCache()).build();
        Metadata metadata = reader.metadata();
        DatabaseKind kind = DatabaseKind.of(metadata.databaseType());
        if (!role.accepts(kind)) {
            reader.close();
            throw new IOException("it is a " + metadata.databaseType() + " database"
                    + (kind == null ? " (a kind this module does not read)" : " (" + kind.label() + ")")
                    + "; " + role.key().name() + " takes " + role.acceptedLabels() + " database");
        }
        return new MaxMindDatabase(reader, kind, metadata);
    }

    DatabaseKind kind() {
        return kind;
    }

    /** The database type, e.g. "GeoLite2-City": the name this source signs its answers with. */
    String name() {
        return name;
    }

    @Override
    public String summary() {
        return name + " built " + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(metadata.buildTime());
    }

    @Override
    public void contribute(Draft draft) throws Exception {
        if (metadata.ipVersion() == 4 && !draft.ip().isV4()) {
            return; // an IPv4-only database knows nothing of IPv6 (the reader would throw)
        }
        switch (kind) {
            case CITY:
                city(reader.tryCity(draft.inet()), draft);
                break;
            case COUNTRY:
                Optional<CountryResponse> country = reader.tryCountry(draft.inet());
                if (country.isPresent()) {
                    draft.location(country.get().country().isoCode(), null, null, null, null, name);
                }
                break;
            case ASN:
                Optional<AsnResponse> asn = reader.tryAsn(draft.inet());
                if (asn.isPresent()) {
                    draft.asn(asn.get().autonomousSystemNumber(), asn.get().autonomousSystemOrganization(), name);
                }
                break;
            case ISP:
                isp(reader.tryIsp(draft.inet()), draft);
                break;
            case ANONYMOUS_IP:
                anonymous(reader.tryAnonymousIp(draft.inet()), draft);
                break;
            case CONNECTION_TYPE:
                Optional<ConnectionTypeResponse> type = reader.tryConnectionType(draft.inet());
                if (type.isPresent() && type.get().connectionType() == ConnectionTypeResponse.ConnectionType.CELLULAR) {
                    draft.type(NetworkType.MOBILE, name);
                }
                break;
            case ENTERPRISE:
                enterprise(reader.tryEnterprise(draft.inet()), draft);
                break;
            default:
                throw new IllegalStateException("unhandled database kind " + kind);
        }
    }

    private void city(Optional<CityResponse> found, Draft draft) {
        if (found.isPresent()) {
            CityResponse r = found.get();
            location(r.country().isoCode(), r.city().name(), r.location(), draft);
        }
    }

    private void location(String country, String city, Location location, Draft draft) {
        draft.location(country, city, location.latitude(), location.longitude(), location.accuracyRadius(), name);
    }

    private void isp(Optional<IspResponse> found, Draft draft) {
        if (found.isEmpty()) {
            return;
        }
        IspResponse r = found.get();
        draft.asn(r.autonomousSystemNumber(), organization(r.autonomousSystemOrganization(), r.organization(), r.isp()), name);
        // The ISP database names the mobile network (MCC/MNC) only for carriers' addresses.
        if (r.mobileNetworkCode() != null) {
            draft.type(NetworkType.MOBILE, name);
        }
    }

    private void anonymous(Optional<AnonymousIpResponse> found, Draft draft) {
        if (found.isEmpty()) {
            return;
        }
        AnonymousIpResponse r = found.get();
        if (r.isAnonymousVpn()) {
            draft.type(NetworkType.VPN, name);
        }
        if (r.isHostingProvider()) {
            draft.type(NetworkType.HOSTING, name);
        }
        if (r.isTorExitNode()) {
            draft.type(NetworkType.TOR, name);
        }
        // A residential proxy hides its user just as a public one does, behind a home address.
        if (r.isPublicProxy() || r.isResidentialProxy()) {
            draft.type(NetworkType.PROXY, name);
        }
    }

    private void enterprise(Optional<EnterpriseResponse> found, Draft draft) {
        if (found.isEmpty()) {
            return;
        }
        EnterpriseResponse r = found.get();
        location(r.country().isoCode(), r.city().name(), r.location(), draft);
        Traits t = r.traits();
        draft.asn(t.autonomousSystemNumber(), organization(t.autonomousSystemOrganization(), t.organization(), t.isp()), name);
        if (t.connectionType() == ConnectionTypeResponse.ConnectionType.CELLULAR) {
            draft.type(NetworkType.MOBILE, name);
        }
        String userType = t.userType() == null ? "" : t.userType().toLowerCase(Locale.ROOT);
        // Enterprise's user_type is its own classification of who uses the network.
        if (userType.equals("hosting") || userType.equals("content_delivery_network")) {
            draft.type(NetworkType.HOSTING, name);
        } else if (userType.equals("consumer_privacy_network")) {
            draft.type(NetworkType.VPN, name);
        } else if (userType.equals("cellular")) {
            draft.type(NetworkType.MOBILE, name);
        }
        if (t.isAnonymousVpn()) {
            draft.type(NetworkType.VPN, name);
        }
        if (t.isHostingProvider()) {
            draft.type(NetworkType.HOSTING, name);
        }
        if (t.isTorExitNode()) {
            draft.type(NetworkType.TOR, name);
        }
        if (t.isPublicProxy() || t.isResidentialProxy()) {
            draft.type(NetworkType.PROXY, name);
        }
    }

    /** The AS organisation, else the organisation, else the ISP name. */
    private static String organization(String asOrganization, String organization, String isp) {
        return asOrganization != null ? asOrganization : organization != null ? organization : isp;
    }
}
