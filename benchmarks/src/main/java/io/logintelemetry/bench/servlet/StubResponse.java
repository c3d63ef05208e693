package io.logintelemetry.bench.servlet;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A response the application has not written yet: status 200, headers in a case-insensitive map,
 * never committed. Writing a body is not supported (the filter only does that when it blocks, which
 * the benchmark never triggers). {@link #reset()} returns it to its fresh state between uses.
 */
public final class StubResponse extends HttpServletResponseWrapper {

    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private int status = SC_OK;

    public StubResponse() {
        super(Unsupported.of(HttpServletResponse.class));
    }

    @Override
    public void reset() {
        headers.clear();
        status = SC_OK;
    }

    @Override
    public boolean isCommitted() {
        return false;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setStatus(int sc) {
        status = sc;
    }

    @Override
    public void setHeader(String name, String value) {
        List<String> values = new ArrayList<>(1);
        values.add(value);
        headers.put(name, values);
    }

    @Override
    public void addHeader(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsKey(name);
    }

    @Override
    public String getHeader(String name) {
        List<String> values = headers.get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public Collection<String> getHeaderNames() {
        return headers.keySet();
    }
}
