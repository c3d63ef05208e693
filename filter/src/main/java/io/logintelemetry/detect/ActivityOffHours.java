package io.logintelemetry.detect;

import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.event.Event;
import io.logintelemetry.flag.Evidence;
import io.logintelemetry.flag.Severity;
import io.logintelemetry.flag.Signal;
import io.logintelemetry.state.MarketState;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code activity.off_hours}: an account working mostly at night in the country it declares, as a
 * worker in another time zone would. At least {@code min-share} of its active time in 7 days falls
 * between {@code night-start} and {@code night-end} local time, with at least {@code min-active} of
 * activity. Only accounts whose declared country has a known zone are judged: the built-in table
 * covers countries with one zone; countries with several (US, RU, BR...) only once configured
 * ({@code detector.activity.off_hours.zones}), since guessing a zone there would flag honest people.
 */
public final class ActivityOffHours implements Detector.OfMarket {

    /** Countries with a single time zone (ISO 3166 alpha-2 to zone). */
    private static final Map<String, String> SINGLE_ZONE = Map.ofEntries(
            Map.entry("JP", "Asia/Tokyo"), Map.entry("KR", "Asia/Seoul"), Map.entry("KP", "Asia/Pyongyang"),
            Map.entry("CN", "Asia/Shanghai"), Map.entry("TW", "Asia/Taipei"), Map.entry("HK", "Asia/Hong_Kong"),
            Map.entry("SG", "Asia/Singapore"), Map.entry("PH", "Asia/Manila"), Map.entry("VN", "Asia/Ho_Chi_Minh"),
            Map.entry("TH", "Asia/Bangkok"), Map.entry("IN", "Asia/Kolkata"), Map.entry("PK", "Asia/Karachi"),
            Map.entry("BD", "Asia/Dhaka"), Map.entry("MY", "Asia/Kuala_Lumpur"), Map.entry("AE", "Asia/Dubai"),
            Map.entry("SA", "Asia/Riyadh"), Map.entry("IL", "Asia/Jerusalem"), Map.entry("TR", "Europe/Istanbul"),
            Map.entry("GB", "Europe/London"), Map.entry("IE", "Europe/Dublin"), Map.entry("DE", "Europe/Berlin"),
            Map.entry("FR", "Europe/Paris"), Map.entry("IT", "Europe/Rome"), Map.entry("NL", "Europe/Amsterdam"),
            Map.entry("BE", "Europe/Brussels"), Map.entry("PL", "Europe/Warsaw"), Map.entry("UA", "Europe/Kiev"),
            Map.entry("SE", "Europe/Stockholm"), Map.entry("CH", "Europe/Zurich"), Map.entry("AT", "Europe/Vienna"),
            Map.entry("NG", "Africa/Lagos"), Map.entry("KE", "Africa/Nairobi"), Map.entry("EG", "Africa/Cairo"));

    private final Map<String, ZoneId> zones = new HashMap<>();
    private final double minShare;
    private final long minActive;
    private final long maxGap;
    private final int nightStart;
    private final int nightEnd;
    private final Severity severity;

    public ActivityOffHours(LoginTelemetryConfig config) {
        SINGLE_ZONE.forEach((country, zone) -> zones.put(country, ZoneId.of(zone)));
        for (String entry : config.get(ConfigKeys.OFF_HOURS_ZONES)) {
            int eq = entry.indexOf('=');
            zones.put(entry.substring(0, eq).trim().toUpperCase(Locale.ROOT), ZoneId.of(entry.substring(eq + 1).trim()));
        }
        this.minShare = config.get(ConfigKeys.OFF_HOURS_MIN_SHARE);
        this.minActive = config.get(ConfigKeys.OFF_HOURS_MIN_ACTIVE).toMillis();
        this.maxGap = config.get(ConfigKeys.ACTIVITY_MAX_GAP).toMillis();
        this.nightStart = config.get(ConfigKeys.OFF_HOURS_NIGHT_START);
        this.nightEnd = config.get(ConfigKeys.OFF_HOURS_NIGHT_END);
        this.severity = config.detector(signal()).severity();
    }

    @Override
    public Signal signal() {
        return Signal.ACTIVITY_OFF_HOURS;
    }

    /** The zone of a declared country, or null when it is not known (or the country has several). */
    public ZoneId zoneOf(String country) {
        return country == null ? null : zones.get(country.toUpperCase(Locale.ROOT));
    }

    /** Records an activity event in {@code market} (the engine calls this under its lock, before evaluating). */
    public void record(Event event, MarketState market, ZoneId zone) {
        market.recordActivity(event.timestamp(), maxGap, zone, nightStart, nightEnd);
    }

    @Override
    public void evaluate(Event event, MarketState market, List<Finding> out) {
        if (!event.isActivity()) {
            return;
        }
        ZoneId zone = zoneOf(market.country());
        if (zone == null) {
            return;
        }
        long[] week = market.activeLastWeek(event.timestamp());
        if (week[0] < minActive || week[1] < minShare * week[0]) {
            return;
        }
        long percent = Math.round(100.0 * week[1] / week[0]);
        Evidence evidence = Evidence.builder()
                .put("night_percent", percent)
                .put("limit_percent", Math.round(minShare * 100))
                .put("active_minutes", Wording.minutes(week[0]))
                .put("night_minutes", Wording.minutes(week[1]))
                .put("country", market.country())
                .put("zone", zone.getId())
                .put("night", String.format(Locale.ROOT, "%02d:00-%02d:00", nightStart, nightEnd))
                .build();
        out.add(new Finding(signal(), market.id(), severity, percent / 10, 7 * 86_400_000L,
                percent + "% of " + Wording.duration(week[0]) + " active in 7 days at night in " + market.country()
                        + " (" + String.format(Locale.ROOT, "%02d:00-%02d:00", nightStart, nightEnd) + " " + zone.getId()
                        + "; limit " + Math.round(minShare * 100) + "%)",
                evidence, event.ip() == null ? null : event.ip().toString(), event.session(), event.device()));
    }
}
