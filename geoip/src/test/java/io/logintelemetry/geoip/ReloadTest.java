package io.logintelemetry.geoip;

import static io.logintelemetry.geoip.GeoTesting.ip;
import static io.logintelemetry.geoip.GeoTesting.lookup;
import static io.logintelemetry.geoip.GeoTesting.open;
import static io.logintelemetry.geoip.testing.TestDatabases.asn;
import static io.logintelemetry.geoip.testing.TestDatabases.city;
import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.geoip.GeoTesting.RecordingLog;
import io.logintelemetry.geoip.testing.DamagedDatabases;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files changing on disk while lookups run. */
@Timeout(60)
class ReloadTest {

    private static final long BOUND_MILLIS = 10_000;

    @TempDir
    Path dir;

    final RecordingLog log = new RecordingLog();

    Path asnFile(String organization) {
        return asn().add("198.51.100.0/24", asn(64501, organization))
                .add("2001:db8::/32", asn(64510, organization + " v6"))
                .writeTo(dir.resolve("GeoLite2-ASN.mmdb"));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BOUND_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND_MILLIS + " ms: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aReplacedDatabaseIsSeenWhileLookupsRunOnSeveralThreadsAndNoneFails() throws Exception {
        Path file = asnFile("Old");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", file.toString(), "geoip.reload-interval", "50ms")) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong lookups = new AtomicLong();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                IpAddress address = t % 2 == 0 ? ip("198.51.100." + (t + 1)) : ip("2001:db8::" + (t + 1));
                Thread thread = new Thread(() -> {
                    started.countDown();
                    while (!stop.get()) {
                        try {
                            IpInfo info = geo.lookup(address);
                            String org = info.organization();
                            if (org == null || !org.startsWith("Old") && !org.startsWith("New")) {
                                throw new AssertionError("unexpected answer " + info);
                            }
                            seen.add(org);
                            lookups.incrementAndGet();
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                            return;
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            started.await();
            Thread.sleep(100);
            asnFile("New");
            // In place this time, not renamed: the reader keeps its own copy of the old file.
            await("the new organisation is seen", () -> "New".equals(lookup(geo, "198.51.100.200").organization()));
            await("every thread sees the new data", () -> seen.containsAll(List.of("New", "New v6")));
            Files.write(file, asn().add("198.51.100.0/24", asn(64501, "Newer")).add("2001:db8::/32", asn(64510, "Newer v6")).toBytes());
            await("an in-place rewrite is seen", () -> "Newer".equals(lookup(geo, "198.51.100.200").organization()));
            stop.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failure.get()).isNull();
            assertThat(lookups.get()).isGreaterThan(100);
        }
        assertThat(log.infos).anySatisfy(s -> assertThat(s).startsWith("Login Telemetry geoip: reloaded logintelemetry.geoip.asn-database"));
        // An in-place rewrite may be caught half-written by a check (truncated, then filled): that
        // version is refused with the old data kept, and the next check takes the whole file.
        assertThat(log.warnings).allSatisfy(w -> assertThat(w).contains("keeping the data loaded before"));
        assertThat(log.errors).isEmpty();
    }

    /**
     * Replaces {@code file} in one step, as an operator's {@code mv} does: the test is about each
     * bad file, and a check catching an in-place write half-way would see an empty file first.
     */
    private static void swapIn(Path file, java.util.function.Consumer<Path> write) throws java.io.IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        write.accept(next);
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aBadReplacementKeepsTheOldDataAndIsReportedOnceUntilAGoodFileComes() throws Exception {
        Path file = asnFile("Old");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", file.toString(), "geoip.reload-interval", "50ms")) {
            swapIn(file, next -> DamagedDatabases.corrupt(next, 4096, 3));
            await("the refusal is logged", () -> !log.warnings.isEmpty());
            assertThat(log.warnings).singleElement().asString()
                    .contains("cannot reload logintelemetry.geoip.asn-database " + file, "not a valid MaxMind database",
                            "keeping the data loaded before");
            assertThat(lookup(geo, "198.51.100.1").organization()).isEqualTo("Old");

            byte[] valid = asn().add("198.51.100.0/24", asn(64501, "Cut")).toBytes();
            swapIn(file, next -> DamagedDatabases.truncatedInMetadata(next, valid));
            await("the second refusal is logged", () -> log.warnings.size() == 2);
            assertThat(log.warnings.get(1)).contains("damaged file", "keeping the data loaded before");

            swapIn(file, next -> city().add("198.51.100.0/24", city("JP", "Tokyo", 35.68, 139.69, 20)).writeTo(next));
            await("the wrong kind is refused", () -> log.warnings.size() == 3);
            assertThat(log.warnings.get(2)).contains("it is a GeoLite2-City database");

            DamagedDatabases.empty(file);
            await("the empty file is refused", () -> log.warnings.size() == 4);
            assertThat(log.warnings.get(3)).contains("the file is empty");

            Thread.sleep(300); // several intervals: the same bad file is not reported again
            assertThat(log.warnings).hasSize(4);
            assertThat(lookup(geo, "198.51.100.1").organization()).isEqualTo("Old");

            asnFile("New");
            await("the good file is taken", () -> "New".equals(lookup(geo, "198.51.100.1").organization()));
        }
        assertThat(log.errors).isEmpty();
    }

    @Test
    void aFileMissingAtStartUpIsLoadedWhenItAppears() throws Exception {
        Path tor = dir.resolve("torbulkexitlist");
        try (GeoIpIntelligence geo = open(log, "geoip.tor-exit-list", tor.toString(), "geoip.reload-interval", "50ms")) {
            assertThat(lookup(geo, "192.0.2.7")).isSameAs(IpInfo.UNKNOWN);
            assertThat(log.warnings).singleElement().asString()
                    .contains("logintelemetry.geoip.tor-exit-list", tor.toString(), "no such file", "disabled: Tor exit detection");
            GeoTesting.write(tor, "192.0.2.7\n");
            await("the list is used", () -> lookup(geo, "192.0.2.7").is(NetworkType.TOR));
        }
    }

    @Test
    void textSourcesReloadToo() throws Exception {
        Path tor = GeoTesting.write(dir.resolve("tor.txt"), "192.0.2.7\n");
        Path ranges = GeoTesting.write(dir.resolve("asn.csv"), "198.51.100.0,198.51.100.255,64501,Example Net\n");
        Path curated = GeoTesting.write(dir.resolve("mine.tsv"), "64501\tvpn\tExample Net\t\n");
        try (GeoIpIntelligence geo = open(log, "geoip.tor-exit-list", tor.toString(), "geoip.asn-ranges", ranges.toString(),
                "geoip.curated.files", curated.toString(), "geoip.reload-interval", "1h")) {
            assertThat(lookup(geo, "192.0.2.7").is(NetworkType.TOR)).isTrue();
            assertThat(lookup(geo, "198.51.100.1").types()).containsExactly(NetworkType.VPN);

            GeoTesting.write(tor, "192.0.2.8\n");
            GeoTesting.write(ranges, "198.51.100.0,198.51.100.255,64502,Other Net\n");
            GeoTesting.write(curated, "64502\thosting\tOther Net\t\n");
            assertThat(geo.checkFiles()).isTrue();

            assertThat(lookup(geo, "192.0.2.7").is(NetworkType.TOR)).isFalse();
            assertThat(lookup(geo, "192.0.2.8").is(NetworkType.TOR)).isTrue();
            IpInfo info = lookup(geo, "198.51.100.1");
            assertThat(info.asnLabel()).isEqualTo("AS64502 Other Net");
            assertThat(info.types()).containsExactly(NetworkType.HOSTING);
            assertThat(geo.checkFiles()).isFalse();

            // A curated file gone bad keeps its entries.
            GeoTesting.write(curated, "not\ta\tcurated\tline\n");
            assertThat(geo.checkFiles()).isFalse();
            assertThat(lookup(geo, "198.51.100.1").types()).containsExactly(NetworkType.HOSTING);
            assertThat(log.warnings).singleElement().asString().contains("mine.tsv", "no entry in the file", "mine.tsv:1 bad ASN");
        }
    }

    @Test
    void theCacheIsInvalidatedWhenASourceReloads() {
        Path file = asnFile("Old");
        try (GeoIpIntelligence geo = open(log, "geoip.asn-database", file.toString(), "geoip.reload-interval", "1h")) {
            IpInfo first = lookup(geo, "198.51.100.1");
            assertThat(lookup(geo, "198.51.100.1")).isSameAs(first);
            assertThat(geo.cachedEntries()).isEqualTo(1);

            asnFile("New");
            assertThat(lookup(geo, "198.51.100.1")).as("not checked yet").isSameAs(first);
            assertThat(geo.checkFiles()).isTrue();
            assertThat(geo.cachedEntries()).isZero();
            IpInfo second = lookup(geo, "198.51.100.1");
            assertThat(second.organization()).isEqualTo("New");
            assertThat(lookup(geo, "198.51.100.1")).isSameAs(second);
        }
    }

    @Test
    void closeStopsTheReloadThread() throws Exception {
        Path file = asnFile("Old");
        GeoIpIntelligence geo = open(log, "geoip.asn-database", file.toString(), "geoip.reload-interval", "50ms");
        assertThat(geo.watchesFiles()).isTrue();
        await("the reload thread runs", () -> reloadThreads() > 0);
        geo.close();
        await("the reload thread ends", () -> reloadThreads() == 0);
        assertThat(lookup(geo, "198.51.100.1").organization()).as("still answers from memory").isEqualTo("Old");
    }

    private static long reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("logintelemetry-geoip-reload") && t.isAlive()).count();
    }
}
