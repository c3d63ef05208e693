package io.logintelemetry.export.file;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.ExportProvider;
import io.logintelemetry.export.TestFlags;
import io.logintelemetry.sink.FlagSink;
import java.util.List;
import java.util.Map;

/** Run by {@link EcsStdoutTest} in its own JVM: the ECS sink on standard output, four flags, shutdown. */
public final class EcsStdoutChild {

    private EcsStdoutChild() {
    }

    public static void main(String[] args) {
        List<FlagSink> sinks = new ExportProvider().create(LoginTelemetryConfig.from(Map.of(
                "logintelemetry.export.ecs.file", "-",
                "logintelemetry.export.spool.directory", args[0])), "/shop");
        for (int i = 0; i < 3; i++) {
            int n = i;
            sinks.forEach(s -> s.publish(TestFlags.plain("stdout-" + n, "user" + n, "203.0.113.9"), true));
        }
        sinks.forEach(s -> s.publish(TestFlags.hostile(), true));
        sinks.forEach(FlagSink::close);
    }
}
