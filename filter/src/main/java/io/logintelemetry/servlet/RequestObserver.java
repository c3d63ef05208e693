package io.logintelemetry.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logintelemetry.action.Action;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.engine.Engine;
import io.logintelemetry.engine.Outcome;
import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.flag.Flag;
import io.logintelemetry.flag.FlagJson;
import io.logintelemetry.flag.RiskLevel;
import io.logintelemetry.net.IpAddress;
import io.logintelemetry.sink.BoundedWorker;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one HTTP request into events, before and after the application handles it, and applies the
 * inline action. All servlet knowledge of the product lives here and in the filter; the engine
 * below sees only {@link Event}s.
 */
final class RequestObserver {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Engine engine;
    private final BoundedWorker<String> audit;
    private final String contextPath;
    private final UrlPatterns include;
    private final UrlPatterns exclude;
    private final ClientAddressResolver addresses;
    private final AccountResolver accounts;
    private final DeviceCookie deviceCookie;
    private final String deviceAttribute;
    private final long statelessGap;
    private final String failurePath;
    private final int failureStatus;
    private final String usernameParameter;
    private final String stepUpUrl;
    private final String levelHeader;
    private final CaptureRules capture;

    RequestObserver(LoginTelemetryConfig config, Engine engine, BoundedWorker<String> audit, String contextPath,
                    CaptureRules capture) {
        this.engine = engine;
        this.audit = audit;
        this.contextPath = contextPath;
        this.include = new UrlPatterns(config.get(ConfigKeys.FILTER_INCLUDE));
        this.exclude = new UrlPatterns(config.get(ConfigKeys.FILTER_EXCLUDE));
        this.addresses = new ClientAddressResolver(config.get(ConfigKeys.PROXY_TRUSTED), engine.metrics()::malformedHeader);
        this.accounts = new AccountResolver(config);
        this.deviceCookie = config.get(ConfigKeys.DEVICE_COOKIE_ENABLED) ? new DeviceCookie(config) : null;
        this.deviceAttribute = blankToNull(config.get(ConfigKeys.DEVICE_REQUEST_ATTRIBUTE));
        this.statelessGap = config.get(ConfigKeys.LOGIN_STATELESS_GAP).toMillis();
        this.failurePath = blankToNull(config.get(ConfigKeys.LOGIN_FAILURE_PATH));
        this.failureStatus = config.get(ConfigKeys.LOGIN_FAILURE_STATUS);
        this.usernameParameter = config.get(ConfigKeys.LOGIN_USERNAME_PARAMETER);
        this.stepUpUrl = blankToNull(config.get(ConfigKeys.ACTION_STEP_UP_URL));
        this.levelHeader = blankToNull(config.get(ConfigKeys.ACTION_RESPONSE_HEADER));
        this.capture = capture;
    }

    /**
     * Records the request and applies the account's action. Returns null for a request we do not
     * watch; an observation whose {@code answered} is set when we answered it (block, step-up) and
     * the application must not see it.
     */
    RequestObservation before(HttpServletRequest request, HttpServletResponse response) throws IOException {
        return before(request, response, true);
    }

    /**
     * As {@link #before(HttpServletRequest, HttpServletResponse)}; without {@code inApplication} (the
     * agent) a body copy a capture rule wants is not handed to the application but fed by the intake,
     * through {@link RequestObservation#copyBody}, and the request carries no flag objects (our
     * types, which an application on another class loader could not use), only their JSON.
     */
    RequestObservation before(HttpServletRequest request, HttpServletResponse response, boolean inApplication) throws IOException {
        String path = pathOf(request);
        if (exclude.matches(path) || !include.isEmpty() && !include.matches(path)) {
            return null;
        }
        String peer = request.getRemoteAddr();
        IpAddress peerIp = IpAddress.parse(peer).orElse(null);
        boolean trustedPeer = addresses.isTrusted(peerIp);
        // The peer address parsed once, for the trust check and the resolution alike.
        ClientAddressResolver.ClientAddress client = clientAddress(request, peerIp, peer);
        IpAddress ip = client == null ? null : client.ip();
        if (client != null) {
            request.setAttribute(Attributes.CLIENT_IP, client.text());
        }
        RequestObservation o = new RequestObservation(System.currentTimeMillis(), path, ip, trustedPeer, device(request, response, trustedPeer),
                request.getHeader("User-Agent"));
        o.outsideApplication = !inApplication;
        HttpSession session = request.getSession(false);
        attach(o, session);
        o.account = accounts.resolve(request, session, trustedPeer);
        if (o.account != null) {
            Outcome outcome = recordActivity(o, session);
            publish(request, o, outcome.level());
            act(request, response, o, outcome.action(), outcome.level());
        }
        if (!o.answered && !capture.isEmpty()) {
            // Outside the application the copy is never handed over: the intake feeds it (RequestObservation.copyBody).
            HttpServletRequest prepared = capture.prepare(request, path);
            o.prepared = prepared == request ? null : prepared;
            o.fedByIntake = !inApplication;
        }
        return o;
    }

    /**
     * A request of {@code o.account}: a login first if it is new on this session (or, without a
     * session, after {@code login.stateless-gap} of silence), then the request itself; returns the
     * account's level and action as of this request.
     */
    private Outcome recordActivity(RequestObservation o, HttpSession session) {
        boolean newLogin = session != null
                ? !SessionMark.records(o.sessionMark, o.account) && !SessionMark.upgraded(session, o.sessionMark, o.account)
                : engine.lastActivity(o.account) < o.time - statelessGap;
        if (newLogin) {
            login(o, session);
        }
        // One look-up of the account: the engine hands back level and action with the flags.
        Outcome outcome = engine.decide(event(EventType.REQUEST, o).build());
        o.flags.addAll(outcome.flags());
        return outcome;
    }

    /** Notices logins, logouts and failed logins that happened while the application ran. */
    void after(RequestObservation o, HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession(false);
        boolean trusted = o.viaTrustedProxy;
        String account = accounts.resolve(request, session, trusted);
        if (o.account == null && account != null) {
            attach(o, session);
            o.account = account;
            Outcome outcome = recordActivity(o, session);
            publish(request, o, outcome.level());
            act(request, response, o, outcome.action(), outcome.level());
        } else if (o.account != null && o.session != null && session == null) {
            // The application invalidated the session while handling the request: a logout. (The
            // principal may still be on the request: Tomcat keeps it there after invalidate().)
            engine.accept(event(EventType.LOGOUT, o).build());
        }
        if (failurePath != null && o.account == null && failurePath.equals(o.path) && response.getStatus() == failureStatus) {
            String name = request.getParameter(usernameParameter);
            if (name != null && !name.isBlank()) {
                o.account = name;
                engine.accept(event(EventType.LOGIN, o).detail("outcome", "failure").build());
            }
        }
        if (!capture.isEmpty()) {
            capture.capture(request, o.prepared != null ? o.prepared : request, o.path, response.getStatus(), o.account,
                    (type, who) -> event(type, o).account(who), engine::accept);
        }
    }

    /**
     * A session the container created while this request ran (intake that sees session creation:
     * the agent). A session created for an account already known on this request (BASIC, a token,
     * {@code login()} before {@code getSession()}) starts with that account's login: the login this
     * request recorded is carried on to the session, or, if the request recorded none, a login
     * carrying the session is recorded now. Either way the session's next request is no new login,
     * and its end is a {@code session_end} of the account. A session created for an anonymous
     * visitor gets its login when the principal appears.
     */
    void sessionStarted(RequestObservation o, HttpSession session) {
        if (o.account == null || o.session != null || o.answered) {
            return;
        }
        attach(o, session);
        if (o.session == null) {
            return;
        }
        if (o.loginRecorded) {
            SessionMark.record(session, o.session, o.account);
        } else {
            login(o, session);
        }
    }

    /** Records a login the application reports itself (the public API). */
    List<Flag> reportedLogin(HttpServletRequest request, String account, boolean success) {
        RequestObservation o = observe(request, account);
        if (!success) {
            return engine.accept(event(EventType.LOGIN, o).detail("outcome", "failure").build());
        }
        HttpSession session = request.getSession(false);
        login(o, session);
        if (session != null) {
            // The app's own login leaves no principal we could see: remember the account, so the
            // session's following requests are attributed to it (AccountResolver reads it back).
            try {
                session.setAttribute(Attributes.API_ACCOUNT, account);
            } catch (IllegalStateException invalidated) {
                // Nothing to remember it on.
            }
        }
        return o.flags;
    }

    /** Records a logout the application reports itself (the public API). */
    List<Flag> reportedLogout(HttpServletRequest request, String account) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.removeAttribute(Attributes.API_ACCOUNT);
            } catch (IllegalStateException invalidated) {
                // Already gone with the session.
            }
            String mark = SessionMark.existing(session);
            if (SessionMark.accountOf(session, mark) != null) {
                SessionMark.record(session, SessionMark.keyOf(mark), null);
            }
        }
        return engine.accept(event(EventType.LOGOUT, observe(request, account)).build());
    }

    /** An event for a call of the public API on this request. */
    Event.Builder eventFor(HttpServletRequest request, String account, EventType type) {
        return event(type, observe(request, account));
    }

    private RequestObservation observe(HttpServletRequest request, String account) {
        String peerText = request.getRemoteAddr();
        IpAddress peer = IpAddress.parse(peerText).orElse(null);
        boolean trusted = addresses.isTrusted(peer);
        ClientAddressResolver.ClientAddress client = clientAddress(request, peer, peerText);
        IpAddress ip = client == null ? null : client.ip();
        RequestObservation o = new RequestObservation(System.currentTimeMillis(), pathOf(request), ip, trusted,
                deviceAttribute == null ? null : stringAttribute(request, deviceAttribute), request.getHeader("User-Agent"));
        attach(o, request.getSession(false));
        o.account = account;
        return o;
    }

    /** The request's client address, from its peer address ({@code peer}, parsed from {@code peerText}) and forwarding headers. */
    private ClientAddressResolver.ClientAddress clientAddress(HttpServletRequest request, IpAddress peer, String peerText) {
        return addresses.resolve(peer, peerText, request.getHeaders("Forwarded"), request.getHeaders("X-Forwarded-For"));
    }

    /** An event of {@code type} with the request's common fields. */
    Event.Builder event(EventType type, RequestObservation o) {
        return Event.builder(type, o.time).account(o.account).ip(o.ip).session(o.session).device(o.device)
                .userAgent(o.userAgent);
    }

    private void login(RequestObservation o, HttpSession session) {
        // Nothing is recorded on a session the application invalidated meanwhile; the login still counts.
        SessionMark.record(session, o.session, o.account);
        o.loginRecorded = true;
        o.flags.addAll(engine.accept(event(EventType.LOGIN, o).build()));
    }

    private void publish(HttpServletRequest request, RequestObservation o, RiskLevel level) {
        if (!o.outsideApplication) {
            request.setAttribute(Attributes.FLAGS, o.flags.isEmpty() ? List.of() : List.copyOf(o.flags));
        }
        request.setAttribute(Attributes.FLAGS_JSON, flagsJson(o.flags));
        request.setAttribute(Attributes.LEVEL, level.wireName());
    }

    private void act(HttpServletRequest request, HttpServletResponse response, RequestObservation o, Action action,
                     RiskLevel level) throws IOException {
        if (action == Action.LOG || response.isCommitted()) {
            return;
        }
        if (levelHeader != null) {
            response.setHeader(levelHeader, level.wireName());
        }
        if (action == Action.BLOCK) {
            response.reset();
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write("Forbidden\n".getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
            o.answered = true;
            audit(action, o);
        } else if (action == Action.STEP_UP && stepUpUrl != null && !o.path.equals(stepUpUrl)) {
            response.reset();
            response.sendRedirect(stepUpUrl.startsWith("/") ? contextPath + stepUpUrl : stepUpUrl);
            o.answered = true;
            audit(action, o);
        }
    }

    private void audit(Action action, RequestObservation o) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("kind", "audit");
            g.writeStringField("action", action.wireName());
            g.writeStringField("ts", Instant.ofEpochMilli(o.time).toString());
            g.writeStringField("account", FlagJson.clean(o.account));
            if (o.ip != null) {
                g.writeStringField("ip", o.ip.toString());
            }
            g.writeStringField("path", FlagJson.clean(o.path));
            g.writeStringField("level", engine.levelOf(o.account).wireName());
            g.writeEndObject();
        } catch (IOException e) {
            return;
        }
        audit.offer(out.toString(), true);
    }

    private String device(HttpServletRequest request, HttpServletResponse response, boolean trustedPeer) {
        if (deviceAttribute != null) {
            String supplied = stringAttribute(request, deviceAttribute);
            if (supplied != null) {
                return supplied;
            }
        }
        if (deviceCookie == null) {
            return null;
        }
        boolean secure = request.isSecure() || trustedPeer && "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return deviceCookie.deviceId(request, response, secure, engine.metrics()::malformedHeader);
    }

    /**
     * The request's path inside the application, decoded and normalised as the container mapped it
     * (servlet path and path info), so {@code /%6Cogin} or {@code /login;x=1} cannot slip past a
     * pattern for {@code /login}; and cheap, unlike Tomcat's {@code getContextPath()}, which
     * re-derives the context path from the raw URI on every call. A request for a directory is the
     * welcome file the container mapped it to. Falls back to the raw URI without the context path
     * (not decoded) for a request the container did not map.
     */
    private static String pathOf(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        if (servletPath != null && (!servletPath.isEmpty() || info != null)) {
            return info == null ? servletPath : servletPath + info;
        }
        String uri = request.getRequestURI();
        String ctx = request.getContextPath();
        String path = uri != null && ctx != null && uri.startsWith(ctx) ? uri.substring(ctx.length()) : String.valueOf(uri);
        return path.isEmpty() ? "/" : path;
    }

    /** Reads (or makes) the session's mark once for the request: its key, and the account seen on it. */
    private static void attach(RequestObservation o, HttpSession session) {
        o.sessionMark = SessionMark.of(session);
        o.session = SessionMark.keyOf(o.sessionMark);
    }

    private static String flagsJson(List<Flag> flags) {
        if (flags.isEmpty()) {
            return "[]";
        }
        StringBuilder b = new StringBuilder("[");
        for (Flag f : flags) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(FlagJson.toJson(f));
        }
        return b.append(']').toString();
    }

    private static String stringAttribute(HttpServletRequest request, String name) {
        Object value = request.getAttribute(name);
        return value == null ? null : String.valueOf(value);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
