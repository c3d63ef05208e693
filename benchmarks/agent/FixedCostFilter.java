package wrkbench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * The wrk benchmark's reference (wrk-tomcat.sh compiles it against the server's servlet API and
 * declares it in the reference server's web.xml): spends the init parameter {@code nanos} of CPU on
 * each request before the chain, and does nothing else. Measured beside the agent and the filter, it
 * turns a throughput ratio into the microseconds of CPU per request that cost the same on this machine
 * and page.
 */
public final class FixedCostFilter implements Filter {

    /** Keeps the loop's count alive so the compiler cannot drop the loop. */
    public static volatile long sink;

    private long nanos;

    @Override
    public void init(FilterConfig config) {
        nanos = Long.parseLong(config.getInitParameter("nanos"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // Busy-waits on the clock: the server has a core of its own, so the wait is CPU time.
        long end = System.nanoTime() + nanos;
        long spins = 0;
        while (System.nanoTime() < end) {
            spins++;
        }
        sink = spins;
        chain.doFilter(request, response);
    }
}
