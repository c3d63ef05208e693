package io.logintelemetry.export.delivery;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.sink.FlagSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The forked JVM of {@link CrashTest}: an app raising flags into a HEC sink.
 *
 * <ul>
 *   <li>{@code raise SPOOL URL}: raises flags without end, printing {@code spooled=N} as the spool
 *       takes them, until killed.</li>
 *   <li>{@code deliver SPOOL URL}: starts on the spool, waits until it is empty, and exits.</li>
 * </ul>
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("logintelemetry.export.spool.directory", args[1]);
        s.put("logintelemetry.export.hec.url", args[2]);
        s.put("logintelemetry.export.hec.token", "crash-test-token");
        s.put("logintelemetry.export.timeout", "500ms");
        s.put("logintelemetry.export.retry.initial-backoff", "20ms");
        s.put("logintelemetry.export.retry.max-backoff", "200ms");
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(s), "/app");
        DeliverySink sink = (DeliverySink) sinks.get(0);
        if (args[0].equals("raise")) {
            long last = -1;
            for (int i = 0; ; i++) {
                sink.publish(TestFlags.plain("flag-" + i, "user" + i, "203.0.113." + (i % 250)), true);
                if (i % 10 == 0) {
                    Thread.sleep(1);
                }
                long spooled = sink.spooled();
                if (spooled != last) {
                    System.out.println("spooled=" + spooled);
                    System.out.flush();
                    last = spooled;
                }
            }
        }
        long until = System.nanoTime() + 60_000_000_000L;
        while ((sink.pending() > 0) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        System.out.println("pending=" + sink.pending() + " delivered=" + sink.delivered());
        sink.close();
        System.exit(sink.pending() == 0 ? 0 : 1);
    }
}
