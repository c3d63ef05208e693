package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot thread: writes every interval, once more at close with the latest events, and survives failures. */
class PeriodicSnapshotTest {

    private static final long T0 = 1_772_409_600_000L;

    @TempDir
    Path dir;

    private static Event login(String account, long time) {
        return Event.builder(EventType.LOGIN, time).account(account).ip(IpAddress.parse("192.0.2.1").orElseThrow()).build();
    }

    @Test
    void writesEveryIntervalAndOnceMoreAtClose() throws Exception {
        LoginTelemetryConfig config = LoginTelemetryConfig.defaults();
        InMemoryStateStore store = new InMemoryStateStore(config);
        Engine engine = Engine.builder(config).stateStore(store).build();
        engine.accept(login("early", T0));
        Path file = dir.resolve("sub/state.bin");
        PeriodicSnapshot snapshots = PeriodicSnapshot.start(store, file, Duration.ofMillis(50));
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (snapshots.written() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(snapshots.written()).isGreaterThanOrEqualTo(2);
            assertThat(StateSnapshot.restore(config, file).store().existingAccount("early")).isNotNull();
            engine.accept(login("late", T0 + 60_000));
        } finally {
            snapshots.close();
        }
        // The last snapshot, written at close, has the last event.
        StateSnapshot.Restored restored = StateSnapshot.restore(config, file);
        assertThat(restored.problem()).isNull();
        assertThat(restored.store().existingAccount("late")).isNotNull();
        long written = snapshots.written();
        Thread.sleep(200);
        assertThat(snapshots.written()).as("no writes after close").isEqualTo(written);
        assertThat(snapshots.failed()).isZero();
    }

    @Test
    void aFailedWriteKeepsThePreviousSnapshotAndTheThreadGoesOn() throws Exception {
        LoginTelemetryConfig config = LoginTelemetryConfig.defaults();
        InMemoryStateStore store = new InMemoryStateStore(config);
        Engine.builder(config).stateStore(store).build().accept(login("someone", T0));
        Path file = dir.resolve("state.bin");
        // The temporary file's name taken by a directory: every write fails, and the old file stays.
        Files.createDirectories(dir.resolve("state.bin.tmp/blocked"));
        Files.writeString(file, "previous");
        PeriodicSnapshot snapshots = PeriodicSnapshot.start(store, file, Duration.ofMillis(20));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (snapshots.failed() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        snapshots.close();
        assertThat(snapshots.failed()).isGreaterThanOrEqualTo(3);
        assertThat(snapshots.written()).isZero();
        assertThat(Files.readString(file)).isEqualTo("previous");
    }
}
