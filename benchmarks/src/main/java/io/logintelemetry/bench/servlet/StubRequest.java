package io.logintelemetry.bench.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An authenticated GET request of a logged-in user, as a container hands it to the first filter:
 * a peer address, browser headers (looked up case-insensitively), a principal, an existing session,
 * and working request attributes.
 *
 * <p>It is a {@link HttpServletRequestWrapper} whose methods a filter may call are answered here
 * with plain field reads and map look-ups, about what a container's own request object costs;
 * anything else reaches a stand-in that fails with the method's name. {@link #reset()} clears the
 * attributes between two uses, as a new request would start without any.
 */
public final class StubRequest extends HttpServletRequestWrapper {

    private final String contextPath;
    private final String uri;
    private final String remoteAddr;
    private final Principal principal;
    private final HttpSession session;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Map<String, Object> attributes = new HashMap<>();

    public StubRequest(String contextPath, String uri, String remoteAddr, String user, HttpSession session) {
        super(Unsupported.of(HttpServletRequest.class));
        this.contextPath = contextPath;
        this.uri = uri;
        this.remoteAddr = remoteAddr;
        this.principal = user == null ? null : () -> user;
        this.session = session;
    }

    /** Adds a request header. */
    public StubRequest header(String name, String value) {
        headers.computeIfAbsent(name, k -> new java.util.ArrayList<>(1)).add(value);
        return this;
    }

    /** Forgets the attributes of the previous use, as a new request would. */
    public void reset() {
        attributes.clear();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public String getRemoteAddr() {
        return remoteAddr;
    }

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getServletPath() {
        return uri.substring(contextPath.length());
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = headers.get(name);
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(headers.keySet());
    }

    @Override
    public jakarta.servlet.http.Cookie[] getCookies() {
        return null;
    }

    @Override
    public String getParameter(String name) {
        return null;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal == null ? null : principal.getName();
    }

    @Override
    public HttpSession getSession(boolean create) {
        return session;
    }

    @Override
    public HttpSession getSession() {
        return session;
    }

    @Override
    public String getRequestedSessionId() {
        return session == null ? null : session.getId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return session != null;
    }
}
