package io.logintelemetry.it.foreign;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;

/**
 * GET /public/libs: uses the app's own Caffeine (a cache put and get) and Byte Buddy (a class made
 * and loaded at run time) and says which versions answered, one "key=value" per line. Reflection
 * only, so the harness compiles it without those jars; at run time they come from WEB-INF/lib.
 */
public class ForeignLibsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        StringBuilder out = new StringBuilder();
        try {
            ClassLoader cl = getClass().getClassLoader();
            Class<?> caffeine = Class.forName("com.github.benmanes.caffeine.cache.Caffeine", true, cl);
            Object builder = caffeine.getMethod("newBuilder").invoke(null);
            builder = caffeine.getMethod("maximumSize", long.class).invoke(builder, 10L);
            Object cache = caffeine.getMethod("build").invoke(builder);
            Class<?> cacheType = Class.forName("com.github.benmanes.caffeine.cache.Cache", true, cl);
            cacheType.getMethod("put", Object.class, Object.class).invoke(cache, "k", "cached");
            out.append("caffeine=").append(version(caffeine)).append('\n')
               .append("caffeine.get=").append(cacheType.getMethod("getIfPresent", Object.class).invoke(cache, "k")).append('\n');

            Class<?> byteBuddy = Class.forName("net.bytebuddy.ByteBuddy", true, cl);
            Object bb = byteBuddy.getConstructor().newInstance();
            Object sub = byteBuddy.getMethod("subclass", Class.class).invoke(bb, Object.class);
            sub = find(sub.getClass(), "name", String.class).invoke(sub, "io.logintelemetry.it.foreign.Made");
            Object unloaded = find(sub.getClass(), "make").invoke(sub);
            Object loaded = find(unloaded.getClass(), "load", ClassLoader.class).invoke(unloaded, cl);
            Class<?> made = (Class<?>) find(loaded.getClass(), "getLoaded").invoke(loaded);
            out.append("bytebuddy=").append(version(byteBuddy)).append('\n')
               .append("bytebuddy.made=").append(made.getName()).append('\n');
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            response.setStatus(500);
            out.append("error=").append(e).append('\n');
        }
        response.getWriter().write(out.toString());
    }

    private static String version(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        if (v == null) {
            String jar = type.getProtectionDomain().getCodeSource().getLocation().getPath();
            v = jar.substring(jar.lastIndexOf('/') + 1);
        }
        return v;
    }

    /** A public method by name, looked up on a public type (the builders' classes are often not public). */
    private static Method find(Class<?> type, String name, Class<?>... params) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                try {
                    return i.getMethod(name, params);
                } catch (NoSuchMethodException e) {
                    // next
                }
            }
        }
        Method m = type.getMethod(name, params);
        m.setAccessible(true);
        return m;
    }
}
