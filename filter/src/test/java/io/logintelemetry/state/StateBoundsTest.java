package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A flood of distinct IPs, accounts or devices never grows state beyond the configured bounds. */
class StateBoundsTest {

    private static final long T0 = 1_772_000_000_000L;

    @Test
    void floodOfDistinctAccountsIpsAndDevicesStaysWithinTheConfiguredCounts() {
        Engine engine = Engine.builder(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.state.max-accounts", "1000",
                "logintelemetry.state.max-ips", "2000",
                "logintelemetry.state.max-devices", "500",
                "logintelemetry.state.max-sessions", "700"))).build();
        for (int i = 0; i < 50_000; i++) {
            engine.accept(Event.builder(EventType.LOGIN, T0 + i)
                    .account("acct-" + i)
                    .ip(IpAddress.ofV4(0xC6120000 + i))
                    .device("dev-" + i)
                    .session("sess-" + i)
                    .build());
        }
        Map<String, Long> sizes = engine.state().sizes();
        // Caffeine evicts asynchronously to the insert, but with a same-thread executor the overshoot is tiny.
        assertThat(sizes.get("accounts")).isLessThanOrEqualTo(1000 + 50);
        assertThat(sizes.get("ips")).isLessThanOrEqualTo(2000 + 50);
        assertThat(sizes.get("devices")).isLessThanOrEqualTo(500 + 50);
        assertThat(sizes.get("sessions")).isLessThanOrEqualTo(700 + 50);
    }

    @Test
    void idleStateExpiresByEventTimeAfterTheLongestWindow() {
        Engine engine = Engine.builder(LoginTelemetryConfig.defaults()).build();
        Duration longest = engine.config().longestWindow();
        engine.accept(Event.builder(EventType.LOGIN, T0).account("old").ip(IpAddress.ofV4(0xC6120001)).build());
        assertThat(engine.state().existingAccount("old")).isNotNull();
        // Another account's event far in the future moves event time on; the old account is idle.
        engine.accept(Event.builder(EventType.LOGIN, T0 + longest.toMillis() + 60_000).account("new")
                .ip(IpAddress.ofV4(0xC6120002)).build());
        assertThat(engine.state().existingAccount("old")).isNull();
        assertThat(engine.state().existingAccount("new")).isNotNull();
    }

    @Test
    void eachCacheExpiresAfterTheWindowOfWhatItServes() {
        // Per-cache rule: an IP is read only by ip.fanout (24 h) and a session only by the session
        // rules (12 h limit), so both go after their window plus the margin; the account stays.
        Engine engine = Engine.builder(LoginTelemetryConfig.defaults()).build();
        engine.accept(Event.builder(EventType.LOGIN, T0).account("a").ip(IpAddress.ofV4(0xC6120001))
                .session("s-a").device("d-a").build());
        long later = T0 + Duration.ofHours(25).toMillis() + 60_000;
        engine.accept(Event.builder(EventType.REQUEST, later).account("b").ip(IpAddress.ofV4(0xC6120002))
                .session("s-b").device("d-b").build());
        Map<String, Long> sizes = engine.state().sizes();
        assertThat(sizes.get("ips")).isEqualTo(1);
        assertThat(sizes.get("sessions")).isEqualTo(1);
        assertThat(sizes.get("devices")).isEqualTo(2); // device.fanout looks back 30 days
        assertThat(engine.state().existingAccount("a")).isNotNull();
    }

    @Test
    void aSessionKeptBetweenEventsIsNeverOneTheStoreHasDropped() {
        // The engine skips the session look-up while an account's session is unchanged. A flood of
        // sessions evicts s1 meanwhile: the next use must land on the session the store holds.
        Engine engine = Engine.builder(LoginTelemetryConfig.from(Map.of("logintelemetry.state.max-sessions", "100")))
                .build();
        engine.accept(Event.builder(EventType.LOGIN, T0).account("u1").session("s1").build());
        engine.accept(Event.builder(EventType.REQUEST, T0 + 1_000).account("u1").session("s1").build());
        for (int i = 0; i < 5_000; i++) {
            engine.accept(Event.builder(EventType.LOGIN, T0 + 2_000 + i).account("a" + i).session("x" + i).build());
        }
        engine.accept(Event.builder(EventType.REQUEST, T0 + 30_000).account("u1").session("s1").build());
        assertThat(engine.state().session("s1").lastUse()).isEqualTo(T0 + 30_000);
    }

    @Test
    void anAddressSetKeptBetweenEventsIsNeverOneTheStoreHasDropped() {
        // The same for the accounts on an address: a flood of addresses evicts the account's own.
        Engine engine = Engine.builder(LoginTelemetryConfig.from(Map.of("logintelemetry.state.max-ips", "100")))
                .build();
        IpAddress home = IpAddress.ofV4(0xC6120001);
        engine.accept(Event.builder(EventType.LOGIN, T0).account("u1").ip(home).build());
        engine.accept(Event.builder(EventType.REQUEST, T0 + 1_000).account("u1").ip(home).build());
        for (int i = 0; i < 5_000; i++) {
            engine.accept(Event.builder(EventType.LOGIN, T0 + 2_000 + i).account("a" + i)
                    .ip(IpAddress.ofV4(0x0B000000 + i)).build());
        }
        engine.accept(Event.builder(EventType.REQUEST, T0 + 30_000).account("u1").ip(home).build());
        assertThat(engine.state().ip(home).latest()).isEqualTo(T0 + 30_000);
    }
}
