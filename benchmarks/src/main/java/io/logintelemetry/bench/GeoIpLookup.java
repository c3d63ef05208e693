package io.logintelemetry.bench;

import static io.logintelemetry.geoip.testing.TestDatabases.anonymous;
import static io.logintelemetry.geoip.testing.TestDatabases.anonymousIp;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static io.logintelemetry.geoip.testing.TestDatabases.connection;
import static io.logintelemetry.geoip.testing.TestDatabases.connectionType;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.geoip.GeoIpIntelligence;
import io.logintelemetry.geoip.SecondOpinion;
import io.logintelemetry.geoip.testing.AnonymousIpRecord;
import io.logintelemetry.geoip.testing.AsnRecord;
import io.logintelemetry.geoip.testing.ConnectionTypeRecord;
import io.logintelemetry.geoip.testing.DatabaseBuilder;
import io.logintelemetry.geoip.testing.GeoRecord;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IP intelligence look-ups ({@link GeoIpIntelligence#lookup}) per source and for the full enrichment.
 * Target (issue 4): the full enrichment of one IP (country, ASN, network type) under 1 µs when cached,
 * and no allocation on the cached path.
 *
 * <h2>Set-up</h2>
 * Each trial writes its files into a fresh temporary directory (deleted after the trial) and opens
 * {@link GeoIpIntelligence#open(LoginTelemetryConfig, SecondOpinion)} on them through
 * {@link LoginTelemetryConfig#from} with {@code logintelemetry.geoip.*} keys, as the filter does (the
 * second opinion is {@link SecondOpinion#NONE}: Insights is a remote service and never on this path).
 * The data is synthetic but of realistic size and shape, generated from a fixed seed, with the geoip
 * module's test MMDB writer ({@code TestDatabases}, from its test-jar), which the official reader reads:
 * <ul>
 *   <li>A pool of 200,000 distinct public IPv4 /24 networks (spread over the whole unicast space,
 *       without private, loopback, CGNAT, link-local and documentation ranges) and 12,000 IPv6 /48s
 *       under 2000::/3.</li>
 *   <li><b>City</b> ({@code GeoLite2-City}, IPv6 tree with IPv4 mapped in): 150,000 /24s and 12,000 /48s,
 *       162,000 networks, pointing to 8,000 distinct city records (every ISO country, a city name,
 *       position and accuracy radius, English names only).</li>
 *   <li><b>ASN</b> ({@code GeoLite2-ASN}): 110,000 /24s and 10,000 /48s, 120,000 networks, of about
 *       15,000 ASNs with organisation names; one network in ten belongs to an ASN of the curated list
 *       shipped in the geoip jar (hosting, VPN, mobile carriers), so the curated classification fires
 *       as it would on real traffic.</li>
 *   <li><b>Anonymous IP</b> ({@code GeoIP2-Anonymous-IP}): 4,000 /24s, 70% hosting, 25% VPN, 5% public
 *       proxy.</li>
 *   <li><b>Connection Type</b> ({@code GeoIP2-Connection-Type}): 5,000 /24s, 3,000 of them Cellular
 *       (mobile) and 2,000 Cable/DSL.</li>
 *   <li><b>ASN ranges</b> (the {@code @ip-location-db/asn} CSV layout {@code start,end,asn,org}, sorted):
 *       100,000 ranges, 95,000 IPv4 and 5,000 IPv6, overlapping the ASN database only in part, so in the
 *       full enrichment the range file answers for addresses the ASN database does not know.</li>
 *   <li><b>Tor</b> (bulk exit list, one address a line): 1,500 addresses, 10% IPv6.</li>
 * </ul>
 * The addresses looked up are pre-built {@link IpAddress} objects in an array the benchmark cycles
 * through: a random host in one of the City /24s (87%), a host in one of the /48s (9%), a Tor exit (1%),
 * or an address no file knows (3%). Set-up prints how many of them each source classified.
 *
 * <h2>Benchmarks</h2>
 * <ul>
 *   <li>{@link #source}: look-ups per second with one source configured at a time ({@code source} =
 *       {@code city}, {@code asn}, {@code anonymous-ip}, {@code connection-type}, {@code asn-ranges},
 *       {@code tor}), uncached ({@code geoip.cache-size=0}, the shipped curated list off), over 65,536
 *       distinct addresses. {@code -p cacheSize=100000} gives the cached figure per source.</li>
 *   <li>{@link #fullUncached}: every source above plus the shipped curated list, cache off: time per
 *       look-up of 65,536 distinct addresses.</li>
 *   <li>{@link #fullCached}: the same sources with the default cache ({@code geoip.cache-size=100000})
 *       and a working set of 10,000 distinct addresses looked up once during set-up (a busy site's
 *       active users). Set-up checks that a second look-up returns the cached instance. Run with
 *       {@code -prof gc}: {@code gc.alloc.rate.norm} must be 0 B/op. {@code -p secondOpinion=answered}
 *       measures the same with a stand-in second opinion (an in-memory map, like Insights' own answer
 *       cache) that holds an answer for every address: the case of accounts Insights was asked about.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class GeoIpLookup {

    /** Addresses cycled through by the uncached benchmarks (a power of two). */
    static final int UNCACHED_ADDRESSES = 1 << 16;
    /** The working set of the cached benchmark. */
    static final int CACHED_ADDRESSES = 10_000;

    /** One source at a time, cache off by default. */
    @State(Scope.Benchmark)
    public static class OneSource {

        @Param({"city", "asn", "anonymous-ip", "connection-type", "asn-ranges", "tor"})
        public String source;

        /** {@code geoip.cache-size}: 0 (off) by default. */
        @Param({"0"})
        public int cacheSize;

        Lookups lookups;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            lookups = new Lookups(Set.of(source), cacheSize, UNCACHED_ADDRESSES, false, "none");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            lookups.close();
        }
    }

    /** Every source plus the shipped curated list, cache off. */
    @State(Scope.Benchmark)
    public static class AllUncached {

        Lookups lookups;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            lookups = new Lookups(Data.SOURCES, 0, UNCACHED_ADDRESSES, false, "none");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            lookups.close();
        }
    }

    /** Every source plus the shipped curated list, the default cache, a pre-warmed working set. */
    @State(Scope.Benchmark)
    public static class AllCached {

        /**
         * {@code none}: no second opinion (Insights off, the default configuration). {@code answered}: a
         * stand-in second opinion that already holds an answer for every address of the working set, as
         * Insights does for the addresses of accounts it was asked about.
         */
        @Param({"none"})
        public String secondOpinion;

        Lookups lookups;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            lookups = new Lookups(Data.SOURCES, 100_000, CACHED_ADDRESSES, true, secondOpinion);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            lookups.close();
        }
    }

    /** Look-ups per second of one source. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public IpInfo source(OneSource state) {
        return state.lookups.next();
    }

    /** The full enrichment of one address, nothing cached. */
    @Benchmark
    public IpInfo fullUncached(AllUncached state) {
        return state.lookups.next();
    }

    /** The full enrichment of one address of the working set, answered from the cache. */
    @Benchmark
    public IpInfo fullCached(AllCached state) {
        return state.lookups.next();
    }

    /** The opened intelligence, its files and the addresses to cycle through. */
    static final class Lookups {

        private final Path dir;
        private final GeoIpIntelligence intelligence;
        private final IpAddress[] addresses;
        private int next;

        Lookups(Set<String> sources, int cacheSize, int addressCount, boolean warm, String second) throws IOException {
            Data data = new Data(42);
            dir = Files.createTempDirectory("logintelemetry-geobench-");
            long started = System.nanoTime();
            Map<String, String> config = new HashMap<>();
            config.put("logintelemetry.geoip.cache-size", String.valueOf(cacheSize));
            config.put("logintelemetry.geoip.reload-interval", "PT10M");
            // The per-source runs measure that source alone; the full enrichment includes the shipped list.
            config.put("logintelemetry.geoip.curated.builtin", String.valueOf(sources.size() > 1));
            for (String source : sources) {
                config.put("logintelemetry.geoip." + Data.key(source), data.write(source, dir).toString());
            }
            long written = System.nanoTime();
            addresses = data.addresses(addressCount, new Random(7));
            intelligence = GeoIpIntelligence.open(LoginTelemetryConfig.from(config), secondOpinion(second, addresses));
            long opened = System.nanoTime();
            System.out.printf("%nFiles written in %d ms (%s), opened in %d ms%n", (written - started) / 1_000_000,
                    sizes(), (opened - written) / 1_000_000);
            describe();
            if (warm) {
                for (IpAddress ip : addresses) {
                    intelligence.lookup(ip);
                }
                for (IpAddress ip : addresses) {
                    if ("none".equals(second) && intelligence.lookup(ip) != intelligence.lookup(ip)) {
                        throw new IllegalStateException("not answered from the cache: " + ip);
                    }
                }
            }
        }

        private static SecondOpinion secondOpinion(String kind, IpAddress[] addresses) {
            switch (kind) {
                case "none":
                    return SecondOpinion.NONE;
                case "answered":
                    Map<IpAddress, IpInfo> answers = new HashMap<>();
                    for (IpAddress ip : addresses) {
                        answers.put(ip, new IpInfo("NL", "Amsterdam", 64500, "Example Insights Org",
                                java.util.EnumSet.of(NetworkType.VPN), 52.37, 4.89, 20, "GeoIP2 Insights"));
                    }
                    return new SecondOpinion() {
                        @Override
                        public IpInfo cached(IpAddress ip) {
                            return answers.get(ip);
                        }

                        @Override
                        public void request(IpAddress ip) {
                        }
                    };
                default:
                    throw new IllegalArgumentException("secondOpinion: none or answered, not " + kind);
            }
        }

        IpInfo next() {
            IpAddress[] a = addresses;
            int i = next;
            next = i + 1 == a.length ? 0 : i + 1;
            return intelligence.lookup(a[i]);
        }

        /** What the sources made of the addresses: shows the data is hit as intended. */
        private void describe() {
            int country = 0;
            int asnCount = 0;
            int unknown = 0;
            Map<NetworkType, Integer> types = new java.util.EnumMap<>(NetworkType.class);
            for (IpAddress ip : addresses) {
                IpInfo info = intelligence.lookup(ip);
                country += info.country() != null ? 1 : 0;
                asnCount += info.asn() != 0 ? 1 : 0;
                unknown += info == IpInfo.UNKNOWN ? 1 : 0;
                for (NetworkType t : info.types()) {
                    types.merge(t, 1, Integer::sum);
                }
            }
            System.out.printf("%,d addresses: %.1f%% with a country, %.1f%% with an ASN, %.1f%% unknown, types %s%n",
                    addresses.length, 100.0 * country / addresses.length, 100.0 * asnCount / addresses.length,
                    100.0 * unknown / addresses.length, types);
        }

        private String sizes() throws IOException {
            List<String> parts = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    parts.add(f.getFileName() + " " + Files.size(f) / 1024 + " KiB");
                }
            }
            return String.join(", ", parts);
        }

        void close() throws IOException {
            intelligence.close();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /** The synthetic networks and records, the same for every fork (fixed seed). */
    static final class Data {

        static final Set<String> SOURCES = Set.of("city", "asn", "anonymous-ip", "connection-type", "asn-ranges", "tor");

        static final int V4_POOL = 200_000;
        static final int V6_POOL = 12_000;
        static final int CITY_V4 = 150_000;
        static final int ASN_V4 = 110_000;
        static final int ASN_V6 = 10_000;
        static final int ANONYMOUS = 4_000;
        static final int CONNECTION = 5_000;
        static final int CELLULAR = 3_000;
        static final int RANGES_V4_FROM = 40_000;
        static final int RANGES_V4 = 95_000;
        static final int RANGES_V6 = 5_000;
        static final int TOR = 1_500;
        static final int CITIES = 8_000;
        static final int ASNS = 15_000;

        /** Network addresses of the /24s (the 24 prefix bits shifted into place). */
        final int[] v4;
        /** Upper 64 bits of the /48s (the lower 16 bits zero). */
        final long[] v6;
        final IpAddress[] tor;
        private final Random random;

        Data(long seed) {
            random = new Random(seed);
            Set<Integer> seen = new HashSet<>();
            v4 = new int[V4_POOL];
            for (int n = 0; n < V4_POOL; ) {
                int prefix = random.nextInt(1 << 24);
                if (isPublic(prefix >>> 8) && seen.add(prefix)) {
                    v4[n++] = prefix << 8;
                }
            }
            Set<Long> seen6 = new HashSet<>();
            v6 = new long[V6_POOL];
            for (int n = 0; n < V6_POOL; ) {
                // 2000::/3, /48 networks: the top 48 bits random below the 3-bit prefix.
                long high = (0x2000_0000_0000L | (random.nextLong() & 0x1FFF_FFFF_FFFFL)) << 16;
                if (seen6.add(high)) {
                    v6[n++] = high;
                }
            }
            tor = new IpAddress[TOR];
            for (int i = 0; i < TOR; i++) {
                tor[i] = i % 10 == 9 ? IpAddress.ofV6(v6[random.nextInt(V6_POOL)], 1 + random.nextInt(1000))
                        : IpAddress.ofV4(v4[random.nextInt(CITY_V4)] | 1 + random.nextInt(254));
            }
        }

        /** Whether a /16 lies outside the private, loopback, CGNAT, link-local, test and multicast ranges. */
        private static boolean isPublic(int slash16) {
            int a = slash16 >>> 8;
            int b = slash16 & 0xFF;
            return a != 0 && a != 10 && a != 127 && a < 224
                    && !(a == 100 && b >= 64 && b < 128) && !(a == 169 && b == 254) && !(a == 172 && b >= 16 && b < 32)
                    && !(a == 192 && (b == 168 || b == 0)) && !(a == 198 && (b == 18 || b == 19 || b == 51))
                    && !(a == 203 && b == 0);
        }

        static String key(String source) {
            switch (source) {
                case "city":
                    return "city-database";
                case "asn":
                    return "asn-database";
                case "anonymous-ip":
                    return "anonymous-ip-database";
                case "connection-type":
                    return "connection-type-database";
                case "asn-ranges":
                    return "asn-ranges";
                case "tor":
                    return "tor-exit-list";
                default:
                    throw new IllegalArgumentException("unknown source " + source + "; one of " + SOURCES);
            }
        }

        /** Writes the file of {@code source} into {@code dir} and returns it. */
        Path write(String source, Path dir) throws IOException {
            // Each file from its own seed: the same data whichever other files are written.
            Random r = new Random(source.hashCode());
            switch (source) {
                case "city":
                    return cityDatabase(r).writeTo(dir.resolve("GeoLite2-City.mmdb"));
                case "asn":
                    return asnDatabase(r).writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
                case "anonymous-ip":
                    return anonymousIpDatabase(r).writeTo(dir.resolve("GeoIP2-Anonymous-IP.mmdb"));
                case "connection-type":
                    return connectionTypeDatabase().writeTo(dir.resolve("GeoIP2-Connection-Type.mmdb"));
                case "asn-ranges":
                    return asnRanges(r, dir.resolve("asn.csv"));
                case "tor":
                    return torList(dir.resolve("torbulkexitlist"));
                default:
                    throw new IllegalArgumentException("unknown source " + source + "; one of " + SOURCES);
            }
        }

        private DatabaseBuilder<GeoRecord> cityDatabase(Random r) {
            String[] countries = Locale.getISOCountries();
            GeoRecord[] records = new GeoRecord[CITIES];
            for (int i = 0; i < CITIES; i++) {
                // Skewed towards the first countries, as real traffic is.
                String country = countries[(int) (countries.length * Math.pow(r.nextDouble(), 2))];
                records[i] = city(country, "City " + i, -60 + 130 * r.nextDouble(), -180 + 360 * r.nextDouble(),
                        new int[] {5, 10, 20, 50, 100, 200, 500, 1000}[r.nextInt(8)]);
            }
            DatabaseBuilder<GeoRecord> db = city();
            for (int i = 0; i < CITY_V4; i++) {
                db.add(v4Cidr(v4[i]), records[r.nextInt(CITIES)]);
            }
            for (int i = 0; i < V6_POOL; i++) {
                db.add(v6Cidr(v6[i]), records[r.nextInt(CITIES)]);
            }
            return db;
        }

        private DatabaseBuilder<AsnRecord> asnDatabase(Random r) {
            AsnRecord[] curatedRecords = curatedAsns();
            AsnRecord[] records = new AsnRecord[ASNS];
            Set<Long> numbers = new HashSet<>();
            for (AsnRecord c : curatedRecords) {
                numbers.add(c.number());
            }
            for (int i = 0; i < ASNS; i++) {
                long number;
                do {
                    number = 1 + r.nextInt(400_000);
                } while (!numbers.add(number));
                records[i] = asn(number, "Example Networks " + number + " Ltd");
            }
            DatabaseBuilder<AsnRecord> db = asn();
            for (int i = 0; i < ASN_V4 + ASN_V6; i++) {
                String cidr = i < ASN_V4 ? v4Cidr(v4[i]) : v6Cidr(v6[i - ASN_V4]);
                AsnRecord record = r.nextInt(10) == 0 ? curatedRecords[r.nextInt(curatedRecords.length)]
                        : records[r.nextInt(ASNS)];
                db.add(cidr, record);
            }
            return db;
        }

        private DatabaseBuilder<AnonymousIpRecord> anonymousIpDatabase(Random r) {
            DatabaseBuilder<AnonymousIpRecord> db = anonymousIp();
            for (int i : distinct(r, ANONYMOUS, CITY_V4)) {
                int kind = r.nextInt(100);
                AnonymousIpRecord record = kind < 70 ? anonymous().hosting()
                        : kind < 95 ? anonymous().vpn() : anonymous().publicProxy();
                db.add(v4Cidr(v4[i]), record);
            }
            return db;
        }

        private DatabaseBuilder<ConnectionTypeRecord> connectionTypeDatabase() {
            DatabaseBuilder<ConnectionTypeRecord> db = connectionType();
            Random r = new Random(11);
            int n = 0;
            for (int i : distinct(r, CONNECTION, CITY_V4)) {
                db.add(v4Cidr(v4[i]), connection(n++ < CELLULAR ? "Cellular" : "Cable/DSL"));
            }
            return db;
        }

        private Path asnRanges(Random r, Path file) throws IOException {
            int[] starts = Arrays.copyOfRange(v4, RANGES_V4_FROM, RANGES_V4_FROM + RANGES_V4);
            // Sorted unsigned, as the published files are.
            for (int i = 0; i < starts.length; i++) {
                starts[i] ^= Integer.MIN_VALUE;
            }
            Arrays.sort(starts);
            long[] starts6 = Arrays.copyOfRange(v6, 0, RANGES_V6);
            for (int i = 0; i < starts6.length; i++) {
                starts6[i] ^= Long.MIN_VALUE;
            }
            Arrays.sort(starts6);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (int s : starts) {
                    int start = s ^ Integer.MIN_VALUE;
                    long number = 1 + r.nextInt(400_000);
                    out.write(IpAddress.ofV4(start) + "," + IpAddress.ofV4(start | 0xFF) + "," + number
                            + ",Example Networks " + number + " Ltd\n");
                }
                for (long s : starts6) {
                    long high = s ^ Long.MIN_VALUE;
                    long number = 1 + r.nextInt(400_000);
                    out.write(IpAddress.ofV6(high, 0) + "," + IpAddress.ofV6(high | 0xFFFF, -1L) + "," + number
                            + ",Example Networks " + number + " Ltd\n");
                }
            }
            return file;
        }

        private Path torList(Path file) throws IOException {
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (IpAddress ip : tor) {
                    out.write(ip + "\n");
                }
            }
            return file;
        }

        /** {@code count} addresses, shuffled: City /24 hosts, /48 hosts, Tor exits and unknown addresses. */
        IpAddress[] addresses(int count, Random r) {
            Set<IpAddress> chosen = new HashSet<>();
            while (chosen.size() < count) {
                int kind = r.nextInt(100);
                IpAddress ip;
                if (kind < 87) {
                    ip = IpAddress.ofV4(v4[r.nextInt(CITY_V4)] | 1 + r.nextInt(254));
                } else if (kind < 96) {
                    ip = IpAddress.ofV6(v6[r.nextInt(V6_POOL)] | r.nextInt(1 << 16), r.nextLong());
                } else if (kind < 97) {
                    ip = tor[r.nextInt(TOR)];
                } else {
                    // Outside every file: the /24s of the pool no file lists.
                    ip = IpAddress.ofV4(v4[CITY_V4 + r.nextInt(V4_POOL - CITY_V4 - 10_000) + 10_000] | 1 + r.nextInt(254));
                }
                chosen.add(ip);
            }
            List<IpAddress> list = new ArrayList<>(chosen);
            list.sort(Comparator.naturalOrder());
            Collections.shuffle(list, r);
            return list.toArray(new IpAddress[0]);
        }

        private static int[] distinct(Random r, int count, int bound) {
            return r.ints(0, bound).distinct().limit(count).toArray();
        }

        /** The ASNs and organisations of the curated list shipped in the geoip jar. */
        private static AsnRecord[] curatedAsns() {
            List<AsnRecord> asns = new ArrayList<>();
            try (InputStream in = GeoIpIntelligence.class.getResourceAsStream("curated-asns.tsv")) {
                if (in == null) {
                    throw new IllegalStateException("curated-asns.tsv is missing from the geoip jar");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    asns.add(asn(Long.parseLong(f[0].strip()), f[2].strip()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return asns.toArray(new AsnRecord[0]);
        }

        private static String v4Cidr(int network) {
            return IpAddress.ofV4(network) + "/24";
        }

        private static String v6Cidr(long high) {
            return IpAddress.ofV6(high, 0) + "/48";
        }
    }
}
