package io.logintelemetry.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.it.harness.Container;
import io.logintelemetry.it.harness.FilterMetrics;
import io.logintelemetry.it.harness.FormLoginClient;
import io.logintelemetry.it.harness.ServerLog;
import io.logintelemetry.it.harness.TomcatContainer;
import io.logintelemetry.it.harness.WebappBuilder;
import io.logintelemetry.it.harness.WhoAmI;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The state snapshot end to end on embedded Tomcat 11 with the drop-in jar: a node stopped and
 * started again mid-window still raises the window's flag (ip.churn, two networks within the hour,
 * one before the restart and one after), where an app without a snapshot forgets; and a truncated
 * snapshot starts the node empty with one warning naming the file, requests unaffected.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotTomcatIT {

    private static final String SNAP = "/snap";
    private static final String PLAIN = "/plain";
    private static final String PASSWORD = "correct horse";
    private static final String USER = "snapshot-churner";

    private Path workDir;
    private Path snapWar;
    private Path plainWar;
    private Container container;

    @BeforeAll
    void build() throws IOException {
        workDir = Files.createTempDirectory("logintelemetry-snapshot-it-");
        snapWar = WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                .config("logintelemetry.detector.ip.churn.min-networks", "2")
                .config("logintelemetry.state.snapshot.file", workDir.resolve("state/{context}.bin").toString())
                .config("logintelemetry.state.snapshot.interval", "200ms")
                .buildIn(workDir.resolve("webapps/snap"));
        plainWar = WebappBuilder.testApp()
                .config("logintelemetry.proxy.trusted", "127.0.0.1/32,::1/128")
                .config("logintelemetry.detector.ip.churn.min-networks", "2")
                .buildIn(workDir.resolve("webapps/plain"));
    }

    /** A fresh Tomcat over the same files, as after a redeploy or a restart of the node. */
    private void startNode() throws Exception {
        container = new TomcatContainer(workDir.resolve("container"));
        container.addUser(USER, PASSWORD);
        container.deploy(SNAP, snapWar);
        container.deploy(PLAIN, plainWar);
        container.start();
    }

    private void stopNode() {
        container.close();
        container = null;
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (container != null) {
            container.close();
        }
        try (Stream<Path> walk = Files.walk(workDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Leftover temporary files must not fail the tests.
        }
    }

    private WhoAmI login(String app, String ip) {
        return WhoAmI.of(new FormLoginClient(container.uri(app)).forwardedFor(ip).login(USER, PASSWORD));
    }

    @Test
    void aRestartMidWindowKeepsTheWindowAndATruncatedSnapshotStartsEmpty() throws Exception {
        Path file = workDir.resolve("state/snap.bin");
        int mark = ServerLog.mark();
        startNode();
        assertThat(login(SNAP, "198.51.100.7").flagsOf("ip.churn")).isEmpty();
        assertThat(login(PLAIN, "198.51.100.7").flagsOf("ip.churn")).isEmpty();
        // The periodic writes show in JMX while the node runs.
        FilterMetrics metrics = FilterMetrics.of(SNAP);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (metrics.stateSnapshot("written") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metrics.stateSnapshot("written")).isGreaterThanOrEqualTo(2);
        assertThat(metrics.stateSnapshot("failed")).isZero();
        assertThat(metrics.stateSnapshot("last-bytes")).isEqualTo(Files.size(file));
        assertThat(FilterMetrics.of(PLAIN).stateSnapshot("written")).isZero();
        stopNode(); // the last snapshot is written as the app stops
        assertThat(file).exists();
        assertThat(workDir.resolve("state/plain.bin")).doesNotExist();

        startNode();
        assertThat(ServerLog.linesSince(mark)).anyMatch(l -> l.contains("Login Telemetry restored its state from " + file));
        // The second network within the hour: the snapshot app remembers the first, the other forgot it.
        WhoAmI remembered = login(SNAP, "203.0.113.9");
        assertThat(remembered.flagsOf("ip.churn")).as(String.valueOf(remembered.flags())).hasSize(1);
        assertThat(remembered.flagsOf("ip.churn").get(0).toString()).contains("198.51.100.0/24");
        assertThat(login(PLAIN, "203.0.113.9").flagsOf("ip.churn")).isEmpty();
        stopNode();

        // A snapshot cut short (a full disk, a copy interrupted): one warning, and the node starts empty.
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        int beforeTruncated = ServerLog.mark();
        startNode();
        List<String> lines = ServerLog.linesSince(beforeTruncated);
        assertThat(lines.stream().filter(l -> l.contains("state snapshot")))
                .singleElement().satisfies(l -> assertThat(l).contains("WARN")
                        .contains("Login Telemetry state snapshot " + file + " not restored (truncated: ")
                        .endsWith(" bytes, no end record); starting with empty state"));
        // Empty indeed: a third network is the account's first, where the restored state would have made three.
        WhoAmI fresh = login(SNAP, "192.0.2.33");
        assertThat(fresh.user()).isEqualTo(USER);
        assertThat(fresh.flagsOf("ip.churn")).isEmpty();
        stopNode();
        // And the next snapshot is whole again.
        assertThat(Files.size(file)).isGreaterThan(0);
        startNode();
        assertThat(login(SNAP, "198.18.5.1").flagsOf("ip.churn")).hasSize(1);
    }
}
