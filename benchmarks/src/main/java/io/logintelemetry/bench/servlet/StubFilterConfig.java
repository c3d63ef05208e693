package io.logintelemetry.bench.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The filter's declaration: a name, init parameters, and the context it lives in. */
public final class StubFilterConfig implements FilterConfig {

    private final String name;
    private final ServletContext context;
    private final Map<String, String> params;

    public StubFilterConfig(String name, ServletContext context, Map<String, String> params) {
        this.name = name;
        this.context = context;
        this.params = new LinkedHashMap<>(params);
    }

    @Override
    public String getFilterName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public String getInitParameter(String key) {
        return params.get(key);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
    }
}
