package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.intel.IpIntelligence;
import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state codec and the snapshot file: round trip, and every kind of damaged file refused whole. */
class StateSnapshotTest {

    private static final long T0 = 1_772_409_600_000L; // 2026-03-02T00:00Z
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0 Safari/537.36";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0";

    /** Addresses in 203.0.113.0/24 are a located VPN in NL; 198.51.100.0/24 a mobile carrier in DE; the rest unknown. */
    private static final IpIntelligence INTEL = ip -> {
        long low = ip.low();
        if (ip.isV4() && (low & 0xFFFF_FF00L) == 0xCB00_7100L) {
            return new IpInfo("NL", "Amsterdam", 64500, "Example VPN", Set.of(NetworkType.VPN), 52.37, 4.89, 20, "test");
        }
        if (ip.isV4() && (low & 0xFFFF_FF00L) == 0xC633_6400L) {
            return new IpInfo("DE", "Berlin", 64501, "Example Mobile", Set.of(NetworkType.MOBILE), 52.52, 13.40, 50, "test");
        }
        return IpInfo.UNKNOWN;
    };

    @TempDir
    Path dir;

    private static LoginTelemetryConfig config(String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        raw.put("logintelemetry.detector.ip.churn.action", "block");
        raw.put("logintelemetry.marketplace.enabled", "true");
        raw.put("logintelemetry.hash.secret", "test-secret-0123456789");
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put("logintelemetry." + keyValues[i], keyValues[i + 1]);
        }
        return LoginTelemetryConfig.from(raw);
    }

    private static Event.Builder ev(EventType type, String account, long time, String ip) {
        return Event.builder(type, time).account(account).ip(IpAddress.parse(ip).orElseThrow());
    }

    /**
     * A store with every part of the state filled: single and several accounts per address (IPv4 and
     * IPv6), devices, sessions that changed agent and network, login networks, geography, shifts,
     * flags with an action in force.
     */
    private static InMemoryStateStore populated(LoginTelemetryConfig config) {
        InMemoryStateStore store = new InMemoryStateStore(config);
        Engine engine = Engine.builder(config).stateStore(store).ipIntelligence(INTEL).build();
        String[] ips = {"192.0.2.10", "203.0.113.5", "198.51.100.77", "2001:db8:1:2::7", "192.0.2.99", "203.0.113.200"};
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long t = T0 + i * 90_000L; // each account every 13.5 min: under the activity gap
            String account = "user-" + (i % 9);
            String ip = ips[(i / 3 + i % 9) % ips.length];
            EventType type = i % 5 == 0 ? EventType.LOGIN : EventType.REQUEST;
            events.add(ev(type, account, t, ip).session("s-" + (i % 9) + "-" + (i / 60)).device("d-" + (i % 4))
                    .userAgent(i % 7 == 0 ? FIREFOX : CHROME).build());
        }
        // user-3 logs in from four networks within the hour: an ip.churn flag, and the block it brings.
        for (int k = 0; k < 4; k++) {
            events.add(ev(EventType.LOGIN, "user-3", T0 + 60_000L + k * 60_000L, ips[k]).build());
        }
        // One address used only long before the rest.
        events.add(0, ev(EventType.LOGIN, "user-0", T0 - 5 * 3_600_000L, "192.0.2.250").build());
        events.add(Event.builder(EventType.PROFILE, T0 + 10).account("user-1").detail("country", "FR").build());
        // Marketplace state: shared documents and payout accounts (a link group), profile changes,
        // reviews, offers and messages.
        for (int k = 0; k < 9; k++) {
            String account = "user-" + k;
            long t = T0 + 3_600_000L + k * 60_000L;
            events.add(Event.builder(EventType.IDENTITY_DOCUMENT, t).account(account)
                    .detail("document", "DOC-" + (k % 3)).detail("name", "Taro Yamada").build());
            events.add(Event.builder(EventType.PAYOUT_ACCOUNT, t + 1).account(account)
                    .detail("payout_ref", "IBAN-" + (k % 4)).detail("holder_name", "Holder " + k).build());
            events.add(Event.builder(EventType.PROFILE_CHANGE, t + 2).account(account).detail("field", "headline")
                    .detail("value", "v" + k).build());
            events.add(Event.builder(EventType.REVIEW, t + 3).account(account).detail("subject", "user-" + ((k + 1) % 9))
                    .detail("rating", "5").build());
            events.add(Event.builder(EventType.OFFER, t + 4).account(account).detail("rate", String.valueOf(20 + k))
                    .detail("currency", "USD").detail("category", "web").build());
            events.add(Event.builder(EventType.MESSAGE, t + 5).account(account).detail("to", "client-" + k)
                    .detail("text", "Hello, I can do this job quickly, contact me on telegram please " + k).build());
        }
        for (Event e : events) {
            engine.accept(e);
        }
        return store;
    }

    /** Every entry of {@code a} encodes to the same bytes in {@code b}, and the two hold the same entries. */
    private static void assertSameState(InMemoryStateStore a, InMemoryStateStore b) throws IOException {
        assertThat(b.sizes()).isEqualTo(a.sizes());
        assertThat(b.clock().nowMillis()).isEqualTo(a.clock().nowMillis());
        a.accountTable().forEachLive((first, second, touched, account) ->
                assertThat(StateCodec.encode(b.existingAccount(account.id()))).as(account.id())
                        .isEqualTo(StateCodec.encode(account)));
        a.ipv4Table().forEachLive((first, second, touched, set) -> {
            AccountSet other = b.ipv4Table().getIfPresent(IpAddress.ofV4((int) first));
            assertThat(other).isNotNull();
            assertThat(StateCodec.encode(other)).isEqualTo(StateCodec.encode(set));
        });
        a.ipv6Table().forEachLive((first, second, touched, set) -> {
            AccountSet other = b.ipv6Table().getIfPresent(IpAddress.ofV6(first, second));
            assertThat(other).isNotNull();
            assertThat(StateCodec.encode(other)).isEqualTo(StateCodec.encode(set));
        });
        for (Map.Entry<String, AccountSet> e : a.deviceCache().asMap().entrySet()) {
            assertThat(StateCodec.encode(b.deviceCache().getIfPresent(e.getKey()))).isEqualTo(StateCodec.encode(e.getValue()));
        }
        MarketplaceStore ma = a.marketplace();
        MarketplaceStore mb = b.marketplace();
        assertThat(mb.sizes()).isEqualTo(ma.sizes());
        for (MarketState m : ma.accountCache().asMap().values()) {
            assertThat(bytes(mb.existingAccount(m.id())::write)).as(m.id()).isEqualTo(bytes(m::write));
        }
        for (Map.Entry<String, KeyAccounts> e : ma.identifierCache().asMap().entrySet()) {
            assertThat(bytes(mb.identifierCache().getIfPresent(e.getKey())::write)).isEqualTo(bytes(e.getValue()::write));
        }
        for (Map.Entry<IpAddress, IpLogins> e : ma.ipLoginCache().asMap().entrySet()) {
            assertThat(bytes(mb.ipLoginCache().getIfPresent(e.getKey())::write)).isEqualTo(bytes(e.getValue()::write));
        }
        for (Map.Entry<String, RateSample> e : ma.rateCache().asMap().entrySet()) {
            RateSample other = mb.rateCache().getIfPresent(e.getKey());
            assertThat(bytes(o -> other.write(o, e.getKey()))).isEqualTo(bytes(o -> e.getValue().write(o, e.getKey())));
        }
        for (int k = 0; k < 9; k++) {
            assertThat(mb.links().group("user-" + k)).isEqualTo(ma.links().group("user-" + k));
        }
        a.sessionTable().forEachLive((first, second, touched, session) ->
                assertThat(StateCodec.encodeSession(b.sessionTable().getIfPresent(session.sessionId())))
                        .isEqualTo(StateCodec.encodeSession(session)));
    }

    private static byte[] bytes(StateCodec.Writer writer) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writer.write(new java.io.DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    @Test
    void aSnapshotRestoresEqualState() throws IOException {
        LoginTelemetryConfig config = config();
        InMemoryStateStore original = populated(config);
        // Every part is there to be compared.
        AccountState some = original.existingAccount("user-3");
        assertThat(some.loginCountriesSince(Long.MIN_VALUE)).isNotEmpty();
        assertThat(some.shifts(original.clock().nowMillis())).isNotEmpty();
        assertThat(original.sizes()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        assertThat(original.existingAccount("user-1").declaredCountry()).isEqualTo("FR");
        assertThat(original.accountTable().size()).isEqualTo(9);
        assertThat(original.marketplace().sizes()).allSatisfy((kind, n) -> assertThat(n).as(kind).isPositive());
        assertThat(original.marketplace().links().groupSize("user-0")).isGreaterThan(1);
        assertThat(some.everFlagged(io.logintelemetry.flag.Signal.IP_CHURN)).isTrue();
        assertThat(some.actionAt(T0 + 5 * 60_000L)).isEqualTo(io.logintelemetry.action.Action.BLOCK);

        Path file = dir.resolve("state.bin");
        long bytes = StateSnapshot.write(original, file);
        assertThat(Files.size(file)).isEqualTo(bytes);
        assertThat(dir.resolve("state.bin.tmp")).doesNotExist();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
        assertThat(restored.problem()).isNull();
        assertThat(restored.found()).isTrue();
        assertThat(restored.counts()).containsEntry("accounts", 9L);
        assertSameState(original, restored.store());
        assertThat(restored.store().marketplace().texts().held()).extracting(h -> h.owner() + " " + h.timeMillis()
                + " " + java.util.Arrays.toString(h.signature())).containsExactlyElementsOf(original.marketplace().texts().held()
                .stream().map(h -> h.owner() + " " + h.timeMillis() + " " + java.util.Arrays.toString(h.signature())).toList())
                .hasSize(9);
        // The detectors' readings agree.
        long now = original.clock().nowMillis();
        AccountState back = restored.store().existingAccount("user-3");
        assertThat(back.activeMillisLastWeek(now)).isEqualTo(some.activeMillisLastWeek(now)).isPositive();
        assertThat(back.loginNetworksSince(Long.MIN_VALUE)).isEqualTo(some.loginNetworksSince(Long.MIN_VALUE));
        assertThat(back.lastLocatedLogin()).isEqualTo(some.lastLocatedLogin());
        assertThat(back.level()).isEqualTo(some.level());
        assertThat(back.actionAt(T0 + 5 * 60_000L)).isEqualTo(io.logintelemetry.action.Action.BLOCK);
        // A restored set shares the restored account's id string, as a live one shares the account's.
        AccountSet onIp = restored.store().ipv4Table().getIfPresent(IpAddress.parse("192.0.2.10").orElseThrow());
        for (String id : onIp.accountsSince(Long.MIN_VALUE)) {
            assertThat(id).isSameAs(restored.store().existingAccount(id).id());
        }
    }

    @Test
    void aSnapshotOfASnapshotIsTheSameFile() throws IOException {
        LoginTelemetryConfig config = config();
        Path first = dir.resolve("a.bin");
        StateSnapshot.write(populated(config), first);
        Path second = dir.resolve("b.bin");
        StateSnapshot.write(StateSnapshot.restore(config, first).store(), second);
        byte[] a = Files.readAllBytes(first);
        byte[] b = Files.readAllBytes(second);
        // Only the wall time of writing (header bytes 16-23) and so the checksum may differ.
        Arrays16.clearWallTime(a);
        Arrays16.clearWallTime(b);
        assertThat(b.length).isEqualTo(a.length);
        java.util.Arrays.fill(a, a.length - 8, a.length - 4, (byte) 0);
        java.util.Arrays.fill(b, b.length - 8, b.length - 4, (byte) 0);
        assertThat(b).isEqualTo(a);
    }

    /** Header layout helpers. */
    private static final class Arrays16 {
        static void clearWallTime(byte[] file) {
            java.util.Arrays.fill(file, 16, 24, (byte) 0);
        }
    }

    @Test
    void anAbsentFileIsNoProblem() {
        StateSnapshot.Restored restored = StateSnapshot.restore(config(), dir.resolve("none.bin"));
        assertThat(restored.found()).isFalse();
        assertThat(restored.problem()).isNull();
        assertThat(restored.store().sizes().values()).containsOnly(0L);
    }

    @Test
    void aTruncatedFileGivesAnEmptyStoreAndSaysSo() throws IOException {
        LoginTelemetryConfig config = config();
        Path file = dir.resolve("state.bin");
        StateSnapshot.write(populated(config), file);
        byte[] whole = Files.readAllBytes(file);
        for (int length : new int[] {0, 3, 12, whole.length / 3, whole.length / 2, whole.length - 5, whole.length - 1}) {
            Files.write(file, java.util.Arrays.copyOf(whole, length));
            StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
            assertThat(restored.problem()).as("cut at " + length).contains("truncated");
            assertThat(restored.store().sizes().values()).as("cut at " + length).containsOnly(0L);
            assertThat(restored.store().clock().nowMillis()).isEqualTo(Long.MIN_VALUE);
        }
    }

    @Test
    void anyFlippedByteIsRefusedWhole() throws IOException {
        LoginTelemetryConfig config = config();
        Path file = dir.resolve("state.bin");
        StateSnapshot.write(populated(config), file);
        byte[] whole = Files.readAllBytes(file);
        for (int at = 0; at < whole.length; at += Math.max(1, whole.length / 300)) {
            byte[] damaged = whole.clone();
            damaged[at] ^= 0x10;
            Files.write(file, damaged);
            StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
            assertThat(restored.problem()).as("byte " + at).isNotNull();
            assertThat(restored.store().sizes().values()).as("byte " + at).containsOnly(0L);
        }
        // A bit of the event clock in the header: nothing but the checksum can tell.
        byte[] damaged = whole.clone();
        damaged[15] ^= 0x01;
        Files.write(file, damaged);
        assertThat(StateSnapshot.restore(config, file).problem()).isEqualTo("bad checksum");
    }

    @Test
    void anotherVersionOrAnotherFileIsRefusedWithTheReason() throws IOException {
        LoginTelemetryConfig config = config();
        Path file = dir.resolve("state.bin");
        StateSnapshot.write(populated(config), file);
        byte[] whole = Files.readAllBytes(file);
        ByteBuffer.wrap(whole).putInt(4, 99);
        Files.write(file, whole);
        assertThat(StateSnapshot.restore(config, file).problem())
                .isEqualTo("snapshot format version 99, this release reads version " + StateCodec.FORMAT_VERSION);

        Files.writeString(file, "account,ip\nalice,192.0.2.1\n");
        assertThat(StateSnapshot.restore(config, file).problem()).contains("not a Login Telemetry state snapshot");
    }

    @Test
    void entriesAreJudgedOnTheRestoringConfiguration() throws IOException {
        Path file = dir.resolve("state.bin");
        InMemoryStateStore original = populated(config());
        StateSnapshot.write(original, file);
        // With a 1 h fan-out window (plus the hour of margin) the address last used 15 h before the
        // snapshot's clock is dropped, the others kept.
        StateSnapshot.Restored shorter = StateSnapshot.restore(config("detector.ip.fanout.window", "PT1H"), file);
        assertThat(shorter.problem()).isNull();
        assertThat(shorter.counts().get("ips")).isEqualTo(original.sizes().get("ips") - 1);
        assertThat(shorter.store().ipv4Table().getIfPresent(IpAddress.parse("192.0.2.250").orElseThrow())).isNull();
        assertThat(shorter.counts().get("accounts")).isEqualTo(9);
        // A bound lower than what the file holds is kept to.
        StateSnapshot.Restored fewer = StateSnapshot.restore(config("state.max-accounts", "4"), file);
        assertThat(fewer.store().sizes().get("accounts")).isLessThanOrEqualTo(4);
    }

    @Test
    void aBlobCarriesItsVersionAndChecksum() throws IOException {
        InMemoryStateStore store = populated(config());
        AccountState account = store.existingAccount("user-4");
        byte[] blob = StateCodec.encode(account);
        assertThat(StateCodec.encode(StateCodec.decodeAccount(blob))).isEqualTo(blob);

        byte[] flipped = blob.clone();
        flipped[blob.length / 2] ^= 0x40;
        assertThatThrownBy(() -> StateCodec.decodeAccount(flipped)).hasMessage("bad checksum");
        byte[] newer = blob.clone();
        int version = StateCodec.FORMAT_VERSION;
        newer[0] = (byte) (version + 1);
        assertThatThrownBy(() -> StateCodec.decodeAccount(newer))
                .hasMessage("unknown format version " + (version + 1) + " (this release reads " + version + ")");
        assertThatThrownBy(() -> StateCodec.decodeAccount(java.util.Arrays.copyOf(blob, 3))).hasMessageContaining("truncated");

        SessionState session = store.sessionTable().getIfPresent("s-4-0");
        assertThat(StateCodec.encodeSession(StateCodec.decodeSession(StateCodec.encodeSession(session))))
                .isEqualTo(StateCodec.encodeSession(session));
        AccountSet set = store.deviceCache().getIfPresent("d-1");
        assertThat(StateCodec.encode(StateCodec.decodeSet(StateCodec.encode(set)))).isEqualTo(StateCodec.encode(set));
    }

    @Test
    void writingWhileEventsArriveNeitherFailsNorStopsThem() throws Exception {
        LoginTelemetryConfig config = config();
        InMemoryStateStore store = populated(config);
        Engine engine = Engine.builder(config).stateStore(store).build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 20; i++) {
                    StateSnapshot.write(store, dir.resolve("state.bin"));
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        long t = T0 + 3 * 86_400_000L;
        int i = 0;
        while (writer.isAlive() && i < 2_000_000) {
            engine.accept(ev(EventType.LOGIN, "busy-" + (i % 5000), t + i, "192.0.2." + (i % 250)).session("bs-" + (i % 5000))
                    .build());
            i++;
        }
        writer.join(60_000);
        assertThat(failure.get()).isNull();
        assertThat(StateSnapshot.restore(config, dir.resolve("state.bin")).problem()).isNull();
    }
}
