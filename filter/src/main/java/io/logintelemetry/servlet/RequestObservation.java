package io.logintelemetry.servlet;

import io.logintelemetry.flag.Flag;
import io.logintelemetry.net.IpAddress;
import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What we learnt about one request before the application saw it, carried to the same request's
 * after-step. Opaque to callers but for {@link #answered()}.
 */
public final class RequestObservation {

    final long time;
    final String path;
    final IpAddress ip;
    final boolean viaTrustedProxy;
    final String device;
    final String userAgent;
    final List<Flag> flags = new ArrayList<>(0);
    /** The session's key ({@link SessionMark#keyOf}) and its whole mark as read at the start of the request. */
    String session;
    String sessionMark;
    String account;
    boolean answered;
    /** Whether this request's login event was recorded already (a session created later then only carries it on). */
    boolean loginRecorded;
    /** The request handed to the application when a capture rule copies its body; null otherwise. */
    HttpServletRequest prepared;
    /** The body copy is fed by the intake ({@link #copyBody}), never handed to the application. */
    boolean fedByIntake;
    /** Observed from outside the application (the agent): the request gets no objects of our types. */
    boolean outsideApplication;

    RequestObservation(long time, String path, IpAddress ip, boolean viaTrustedProxy, String device, String userAgent) {
        this.time = time;
        this.path = path;
        this.ip = ip;
        this.viaTrustedProxy = viaTrustedProxy;
        this.device = device;
        this.userAgent = userAgent;
    }

    /** Whether we answered the request ourselves (block, step-up): the application must not handle it. */
    public boolean answered() {
        return answered;
    }

    /**
     * The request to hand to the application: {@code original}, or a wrapper of it that copies the
     * JSON body the application reads, when a capture rule needs that body. Intake that calls
     * {@link LoginTelemetryRuntime#beforeRequest} itself passes this on instead of the original;
     * intake that cannot (the agent) asks for no body copy and feeds it through {@link #copyBody}.
     */
    public HttpServletRequest applicationRequest(HttpServletRequest original) {
        return prepared != null && !fedByIntake ? prepared : original;
    }

    /**
     * For intake that cannot hand the application another request (the agent, which asked
     * {@code beforeRequest} for no body copy): whether a capture rule wants the body the application
     * reads. Then pass the application's own request stream or reader through {@link #copyBody}.
     */
    public boolean copiesBody() {
        return fedByIntake && prepared instanceof BodyCopy;
    }

    /** {@code in}, the application's own request stream, copying what the application reads (see {@link #copiesBody}). */
    public InputStream copyBody(InputStream in) {
        return copiesBody() ? ((BodyCopy) prepared).tee(in) : in;
    }

    /** {@code in}, the application's own request reader, copying what the application reads (see {@link #copiesBody}). */
    public BufferedReader copyBody(BufferedReader in) {
        return copiesBody() ? ((BodyCopy) prepared).tee(in) : in;
    }
}
