package io.logintelemetry.geoip;

/** Data loaded from files, able to say in a few words what it holds (for the load log line). */
interface Loaded {

    /** E.g. "GeoLite2-City built 2026-02-03" or "412 ranges (2 bad lines: a.csv:3 ...)". */
    String summary();
}
