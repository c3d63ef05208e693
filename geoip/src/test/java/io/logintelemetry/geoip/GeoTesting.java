package io.logintelemetry.geoip;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.intel.IpInfo;
import io.logintelemetry.log.Logs;
import io.logintelemetry.net.IpAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared helpers of the geoip tests. */
final class GeoTesting {

    private GeoTesting() {
    }

    /** A configuration from short key/value pairs ("geoip.city-database", path, ...). */
    static LoginTelemetryConfig config(String... keyValues) {
        Map<String, String> raw = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            raw.put("logintelemetry." + keyValues[i], keyValues[i + 1]);
        }
        return LoginTelemetryConfig.from(raw);
    }

    static IpAddress ip(String literal) {
        return IpAddress.parse(literal).orElseThrow();
    }

    static GeoIpIntelligence open(RecordingLog log, String... keyValues) {
        return GeoIpIntelligence.open(config(keyValues), SecondOpinion.NONE, log);
    }

    static IpInfo lookup(GeoIpIntelligence intelligence, String literal) {
        return intelligence.lookup(ip(literal));
    }

    /** Writes a text file atomically (temp file and rename), as a careful updater would. */
    static Path write(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "tmp", ".part");
            Files.writeString(temp, text);
            return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Collects log lines for assertions. */
    static final class RecordingLog implements Logs.Logger {
        final List<String> infos = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Override
        public void info(String message) {
            infos.add(message);
        }

        @Override
        public void warn(String message) {
            warnings.add(message);
        }

        @Override
        public void error(String message, Throwable cause) {
            errors.add(message + ": " + cause);
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        /** The start-up line naming the sources and disabled features. */
        String startup() {
            return infos.stream().filter(s -> s.startsWith("Login Telemetry geoip sources:")).findFirst().orElseThrow();
        }
    }
}
