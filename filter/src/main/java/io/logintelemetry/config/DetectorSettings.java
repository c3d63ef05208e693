package io.logintelemetry.config;

import io.logintelemetry.action.Action;
import io.logintelemetry.flag.Severity;

/**
 * The settings every detector has, whatever its thresholds.
 *
 * @param enabled  whether the detector runs
 * @param severity severity of its flags at the limit
 * @param action   inline action for its flags
 * @param weight   weight in the account score
 */
public record DetectorSettings(boolean enabled, Severity severity, Action action, int weight) {
}
