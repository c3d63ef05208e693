package io.logintelemetry.detect;

import io.logintelemetry.config.LoginTelemetryConfig;
import java.util.List;

/**
 * Adds detectors to the built-in ones. Listed in
 * {@code META-INF/services/io.logintelemetry.detect.DetectorProvider}; the filter looks in the
 * web application's class loader, so an app (or a later module) can ship its own detectors.
 */
public interface DetectorProvider {

    List<Detector> create(LoginTelemetryConfig config);
}
