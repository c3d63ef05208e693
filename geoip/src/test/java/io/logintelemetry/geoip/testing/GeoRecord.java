package io.logintelemetry.geoip.testing;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A GeoIP2/GeoLite2 City or Country record, built fluently from
 * {@link TestDatabases#city(String, String, double, double, int)} or {@link TestDatabases#country(String)}.
 *
 * <p>The stored shape follows GeoLite2: {@code country} and {@code registered_country} with
 * {@code iso_code} and {@code names}, {@code continent} with {@code code} and {@code names}, and for
 * cities {@code city.names} and {@code location} (latitude and longitude as doubles, accuracy radius
 * in km as a uint16, time zone). Defaults keep tests short: the English country name comes from the
 * JDK's locale data, the registered country is the country, and the continent is looked up in a small
 * table of common countries (left out for others unless given with {@link #continent(String)}).
 * Geoname ids are stored only when given.
 */
public final class GeoRecord implements MmdbRecord {

    private static final Map<String, String> CONTINENT_NAMES = Map.of(
            "AF", "Africa", "AN", "Antarctica", "AS", "Asia", "EU", "Europe",
            "NA", "North America", "OC", "Oceania", "SA", "South America");

    /** Only unambiguous cases; a country missing here simply gets no continent by default. */
    private static final Map<String, String> CONTINENT_OF_COUNTRY = continentTable();

    private final String countryIso;
    private final Map<String, String> countryNames = new LinkedHashMap<>();
    private Long countryGeonameId;
    private boolean inEuropeanUnion;
    private String registeredCountryIso;
    private String continentCode;
    private final Map<String, String> cityNames = new LinkedHashMap<>();
    private Long cityGeonameId;
    private Double latitude;
    private Double longitude;
    private Integer accuracyRadius;
    private String timeZone;

    GeoRecord(String countryIso) {
        this.countryIso = Objects.requireNonNull(countryIso, "countryIso").toUpperCase(Locale.ROOT);
        countryNames.putAll(defaultNames(this.countryIso));
        this.registeredCountryIso = this.countryIso;
        this.continentCode = CONTINENT_OF_COUNTRY.get(this.countryIso);
    }

    GeoRecord city(String name, double latitude, double longitude, int accuracyRadiusKm) {
        cityNames.put("en", Objects.requireNonNull(name, "name"));
        this.latitude = latitude;
        this.longitude = longitude;
        this.accuracyRadius = accuracyRadiusKm;
        return this;
    }

    /** Adds or replaces the country's name in a locale. */
    public GeoRecord countryName(String locale, String name) {
        countryNames.put(locale, name);
        return this;
    }

    /** Adds or replaces the city's name in a locale (the English one comes from the factory). */
    public GeoRecord cityName(String locale, String name) {
        cityNames.put(locale, name);
        return this;
    }

    public GeoRecord countryGeonameId(long id) {
        this.countryGeonameId = id;
        return this;
    }

    public GeoRecord cityGeonameId(long id) {
        this.cityGeonameId = id;
        return this;
    }

    public GeoRecord inEuropeanUnion() {
        this.inEuropeanUnion = true;
        return this;
    }

    /** The country the network is registered to, when it differs from where it is used. */
    public GeoRecord registeredCountry(String isoCode) {
        this.registeredCountryIso = isoCode == null ? null : isoCode.toUpperCase(Locale.ROOT);
        return this;
    }

    /** A two-letter continent code (AF, AN, AS, EU, NA, OC, SA), or null for none. */
    public GeoRecord continent(String code) {
        if (code != null && !CONTINENT_NAMES.containsKey(code)) {
            throw new IllegalArgumentException("unknown continent code " + code);
        }
        this.continentCode = code;
        return this;
    }

    public GeoRecord timeZone(String ianaZone) {
        this.timeZone = ianaZone;
        return this;
    }

    @Override
    public Map<String, Object> toMmdb() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (!cityNames.isEmpty() || cityGeonameId != null) {
            Map<String, Object> city = new LinkedHashMap<>();
            if (cityGeonameId != null) {
                city.put("geoname_id", MmdbValue.uint32(cityGeonameId));
            }
            city.put("names", new LinkedHashMap<>(cityNames));
            map.put("city", city);
        }
        if (continentCode != null) {
            map.put("continent", Map.of("code", continentCode, "names", Map.of("en", CONTINENT_NAMES.get(continentCode))));
        }
        map.put("country", country(countryIso, countryGeonameId, countryNames));
        if (latitude != null) {
            Map<String, Object> location = new LinkedHashMap<>();
            location.put("accuracy_radius", MmdbValue.uint16(accuracyRadius));
            location.put("latitude", latitude);
            location.put("longitude", longitude);
            if (timeZone != null) {
                location.put("time_zone", timeZone);
            }
            map.put("location", location);
        }
        if (registeredCountryIso != null) {
            boolean same = registeredCountryIso.equals(countryIso);
            map.put("registered_country", same
                    ? country(countryIso, countryGeonameId, countryNames)
                    : country(registeredCountryIso, null, defaultNames(registeredCountryIso)));
        }
        return map;
    }

    private Map<String, Object> country(String iso, Long geonameId, Map<String, String> names) {
        Map<String, Object> country = new LinkedHashMap<>();
        if (geonameId != null) {
            country.put("geoname_id", MmdbValue.uint32(geonameId));
        }
        if (inEuropeanUnion && iso.equals(countryIso)) {
            country.put("is_in_european_union", Boolean.TRUE);
        }
        country.put("iso_code", iso);
        if (!names.isEmpty()) {
            country.put("names", new LinkedHashMap<>(names));
        }
        return country;
    }

    private static Map<String, String> defaultNames(String iso) {
        String english = new Locale("", iso).getDisplayCountry(Locale.ENGLISH);
        // The JDK echoes unknown codes back; a made-up code gets no name rather than a wrong one.
        return english.isEmpty() || english.equals(iso) ? Map.of() : Map.of("en", english);
    }

    @Override
    public Set<String> languages() {
        Set<String> languages = new LinkedHashSet<>(countryNames.keySet());
        languages.addAll(cityNames.keySet());
        return languages;
    }

    @Override
    public String toString() {
        return "GeoRecord" + toMmdb();
    }

    private static Map<String, String> continentTable() {
        Map<String, String> table = new LinkedHashMap<>();
        put(table, "NA", "US", "CA", "MX", "GT", "CU", "PA", "CR", "JM");
        put(table, "SA", "BR", "AR", "CL", "CO", "PE", "VE", "EC", "UY", "BO", "PY");
        put(table, "EU", "GB", "IE", "FR", "DE", "NL", "BE", "LU", "CH", "AT", "IT", "ES", "PT", "DK", "NO",
                "SE", "FI", "IS", "PL", "CZ", "SK", "HU", "RO", "BG", "GR", "UA", "BY", "RU", "LT", "LV", "EE",
                "RS", "HR", "SI", "MD");
        put(table, "AS", "JP", "CN", "KR", "KP", "TW", "HK", "IN", "PK", "BD", "LK", "NP", "VN", "TH", "MY",
                "SG", "ID", "PH", "KH", "MM", "IR", "IQ", "IL", "JO", "SA", "AE", "QA", "KW", "MN", "KZ", "UZ");
        put(table, "OC", "AU", "NZ", "FJ", "PG");
        put(table, "AF", "NG", "ZA", "EG", "KE", "GH", "ET", "MA", "DZ", "TN", "TZ", "UG", "SN", "CM");
        return Map.copyOf(table);
    }

    private static void put(Map<String, String> table, String continent, String... countries) {
        for (String country : countries) {
            table.put(country, continent);
        }
    }
}
