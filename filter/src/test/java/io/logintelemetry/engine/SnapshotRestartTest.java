package io.logintelemetry.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.state.InMemoryStateStore;
import io.logintelemetry.state.StateSnapshot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restarted mid-window from its snapshot raises exactly the flags an uninterrupted node
 * raises, including those that need the whole window (a week of activity, a day of accounts on one
 * address), while a node restarted without one misses them.
 */
class SnapshotRestartTest {

    private static final long T0 = 1_772_409_600_000L; // Monday 2026-03-02T00:00Z
    private static final long HOUR = 3_600_000L;
    private static final String CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0 Safari/537.36";

    @TempDir
    Path dir;

    private final LoginTelemetryConfig config = LoginTelemetryConfig.from(Map.of());

    /**
     * A week: "worker" active 12 hours a day (84 h, over the 70 h weekly limit, under the daily one);
     * five accounts log in from one address over a day, two before the restart and three after; a
     * benign account now and then.
     */
    private static List<Event> week() {
        List<Event> events = new ArrayList<>();
        for (int day = 0; day < 7; day++) {
            for (long t = T0 + day * 24 * HOUR + 8 * HOUR; t <= T0 + day * 24 * HOUR + 20 * HOUR; t += 10 * 60_000L) {
                EventType type = t == T0 + day * 24 * HOUR + 8 * HOUR ? EventType.LOGIN : EventType.REQUEST;
                events.add(Event.builder(type, t).account("worker").ip(IpAddress.parse("192.0.2.10").orElseThrow())
                        .session("w-" + day).userAgent(CHROME).build());
            }
            events.add(Event.builder(EventType.LOGIN, T0 + day * 24 * HOUR + 9 * HOUR).account("benign")
                    .ip(IpAddress.parse("192.0.2.77").orElseThrow()).session("b-" + day).userAgent(CHROME).build());
        }
        for (int k = 0; k < 5; k++) {
            events.add(Event.builder(EventType.LOGIN, T0 + 3 * 24 * HOUR + (1 + 3 * k) * HOUR).account("farm-" + k)
                    .ip(IpAddress.parse("198.51.100.9").orElseThrow()).session("f-" + k).userAgent(CHROME).build());
        }
        events.sort(Comparator.comparingLong(Event::timestamp));
        return events;
    }

    /** Restart after day 3, 07:00: two of the farm's five accounts and three days of work are before it. */
    private static final long RESTART_AT = T0 + 3 * 24 * HOUR + 7 * HOUR;

    private static List<String> run(Engine engine, List<Event> events) {
        List<String> flags = new ArrayList<>();
        for (Event e : events) {
            for (Flag f : engine.accept(e)) {
                flags.add(f.signal().id() + " " + f.account() + " @" + (f.timestamp() - T0) / 60_000 + "min: " + f.summary());
            }
        }
        return flags;
    }

    @Test
    void aRestartFromTheSnapshotKeepsTheWindows() throws IOException {
        List<Event> all = week();
        List<Event> before = all.stream().filter(e -> e.timestamp() < RESTART_AT).toList();
        List<Event> after = all.stream().filter(e -> e.timestamp() >= RESTART_AT).toList();

        List<String> uninterrupted = run(Engine.builder(config).build(), all);
        assertThat(uninterrupted).anyMatch(f -> f.startsWith(Signal.ACTIVITY_CUMULATIVE.id() + " worker"))
                .anyMatch(f -> f.startsWith(Signal.IP_FANOUT.id() + " farm-4"));

        InMemoryStateStore first = new InMemoryStateStore(config);
        List<String> restarted = new ArrayList<>(run(Engine.builder(config).stateStore(first).build(), before));
        Path file = dir.resolve("state.bin");
        StateSnapshot.write(first, file);
        StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
        assertThat(restored.problem()).isNull();
        restarted.addAll(run(Engine.builder(config).stateStore(restored.store()).build(), after));

        assertThat(restarted).containsExactlyElementsOf(uninterrupted);

        // Without the snapshot the second half alone has neither the week of work nor the five accounts.
        List<String> forgetful = new ArrayList<>(run(Engine.builder(config).build(), before));
        forgetful.addAll(run(Engine.builder(config).build(), after));
        assertThat(forgetful).noneMatch(f -> f.startsWith(Signal.ACTIVITY_CUMULATIVE.id() + " worker @"))
                .noneMatch(f -> f.startsWith(Signal.IP_FANOUT.id()));
    }

    @Test
    void marketplaceStateCrossesTheRestartToo() throws IOException {
        LoginTelemetryConfig market = LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "test-secret-0123456789"));
        // One identity document registered by two accounts, a day apart, with a restart between.
        Event first = Event.builder(EventType.IDENTITY_DOCUMENT, T0).account("alice").detail("document", "P1234567")
                .detail("name", "Taro Yamada").build();
        Event second = Event.builder(EventType.IDENTITY_DOCUMENT, T0 + 24 * HOUR).account("bob").detail("document", "P1234567")
                .detail("name", "Taro Yamada").build();
        InMemoryStateStore store = new InMemoryStateStore(market);
        run(Engine.builder(market).stateStore(store).build(), List.of(first));
        Path file = dir.resolve("market.bin");
        StateSnapshot.write(store, file);
        StateSnapshot.Restored restored = StateSnapshot.restore(market, file);
        assertThat(restored.problem()).isNull();
        assertThat(run(Engine.builder(market).stateStore(restored.store()).build(), List.of(second)))
                .anyMatch(f -> f.startsWith(Signal.IDENTITY_SHARED_DOCUMENT.id() + " bob"));
        assertThat(run(Engine.builder(market).build(), List.of(second))).isEmpty();
    }

    @Test
    void theTextsOfTemplateReuseCrossTheRestart() throws IOException {
        LoginTelemetryConfig market = LoginTelemetryConfig.from(Map.of("logintelemetry.marketplace.enabled", "true",
                "logintelemetry.hash.secret", "test-secret-0123456789"));
        String bid = "Hello! I am a senior full stack developer with ten years of experience in React, Node and AWS. "
                + "I have read your job post carefully and I can start right away. Please check my portfolio. ";
        List<Event> bids = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            bids.add(Event.builder(EventType.MESSAGE, T0 + k * HOUR).account("bidder-" + k).detail("to", "client-" + k)
                    .detail("text", bid + "Regards, bidder " + k).build());
        }
        // Two accounts send the bid before the restart, the third after it.
        InMemoryStateStore store = new InMemoryStateStore(market);
        run(Engine.builder(market).stateStore(store).build(), bids.subList(0, 2));
        Path file = dir.resolve("texts.bin");
        StateSnapshot.write(store, file);
        StateSnapshot.Restored restored = StateSnapshot.restore(market, file);
        assertThat(restored.problem()).isNull();
        assertThat(run(Engine.builder(market).stateStore(restored.store()).build(), bids.subList(2, 3)))
                .anyMatch(f -> f.startsWith(Signal.MESSAGE_TEMPLATE_REUSE.id() + " bidder-2"));
        assertThat(run(Engine.builder(market).build(), bids.subList(2, 3))).isEmpty();
    }
}
