package io.logintelemetry.servlet;

/** The names under which we hand things to the application and keep our own marks. */
public final class Attributes {

    /** Request attribute: {@code List<Flag>} raised on this request (empty if none). */
    public static final String FLAGS = "io.logintelemetry.flags";
    /** Request attribute: the same flags as a JSON array string, for apps that do not link our classes. */
    public static final String FLAGS_JSON = "io.logintelemetry.flags.json";
    /** Request attribute: the account's level, {@code low}, {@code medium} or {@code high}. */
    public static final String LEVEL = "io.logintelemetry.level";
    /** Request attribute: the client IP as we resolved it (trusted proxies applied). */
    public static final String CLIENT_IP = "io.logintelemetry.client-ip";

    /** Servlet context attribute holding the {@link LoginTelemetryRuntime}. */
    static final String RUNTIME = "io.logintelemetry.runtime";
    /** Request attribute marking a request we already watch (the filter declared twice, or a dispatch). */
    static final String SEEN = "io.logintelemetry.seen";
    /** Session attribute: the account the application reported logged in through the public API. */
    static final String API_ACCOUNT = "io.logintelemetry.api-account";
    // Our session mark (key and account) is SessionMark.ATTRIBUTE.

    private Attributes() {
    }
}
