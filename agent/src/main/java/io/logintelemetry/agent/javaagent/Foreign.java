package io.logintelemetry.agent.javaagent;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Servlet objects of an application (javax or jakarta, any class loader) seen through the agent's
 * own copy of the Servlet API, so the filter's servlet glue runs on them unchanged.
 *
 * <p>Our copy of {@code jakarta.servlet} is relocated in the agent jar. A view is an instance of an
 * adapter class generated once per application class and our interface ({@link Adapters}): it calls
 * the application's method directly wherever both sides use the same (JDK) types, and hands the
 * other calls (servlet types to translate, attribute calls a view may answer) to a reflective
 * forwarder, which finds the same-named method of the application's interface. Should an adapter
 * not be made, a {@link Proxy} of our interface does all calls reflectively. Adapters, method
 * look-ups and the rest are kept in a {@link ClassValue} of the application's class: the cache
 * hangs off that class, so nothing of ours pins its class loader after an undeploy.
 */
final class Foreign {

    /** The application's Servlet API packages. Built at run time: the shade plugin must not relocate them. */
    static final String JAKARTA = String.join(".", "jakarta", "servlet");
    static final String JAVAX = String.join(".", "javax", "servlet");
    /** Our copy's package: jakarta.servlet as compiled, relocated in the agent jar. */
    private static final String OURS = ServletRequest.class.getPackageName();
    /** {@link #OURS} and its dot, made once: it is tested on each forwarded call's return type. */
    private static final String OURS_PREFIX = OURS + ".";

    private static final ClassValue<Foreign> BY_CLASS = new ClassValue<>() {
        @Override
        protected Foreign computeValue(Class<?> type) {
            return new Foreign(type);
        }
    };

    private final String namespace;
    private final SmallIdentityMap<Class<?>, Class<?>> interfaces = new SmallIdentityMap<>();
    /**
     * The application's method for each of ours a view forwarded. Keyed by identity: adapters and
     * proxies pass the same {@code Method} object of ours on every call (they cache them).
     */
    private final SmallIdentityMap<Method, Method> methods = new SmallIdentityMap<>();
    /** More than all methods of our interfaces. */
    private static final int MAX_METHODS = 512;
    /**
     * Per our interface: the generated adapter's constructor (application object, forwarder), or
     * {@link #NO_ADAPTER}; for views that forward every call, whose attribute calls are direct too.
     */
    private final SmallIdentityMap<Class<?>, Object> adapters = new SmallIdentityMap<>();
    /** The same for views that answer some calls themselves: their attribute calls go to the forwarder. */
    private final SmallIdentityMap<Class<?>, Object> answeringAdapters = new SmallIdentityMap<>();
    private static final Object NO_ADAPTER = new Object();
    private static final Object PENDING = new Object();
    private static volatile ExecutorService generator;
    private final Class<?> type;
    private volatile AsyncHooks asyncHooks;
    /** The application's {@code getServletContext()} of this request class, {@code (Object) -> Object}; looked up once. */
    private volatile MethodHandle servletContextGetter;
    /** Answers null for a class that is no servlet request. */
    private static final MethodHandle NO_GETTER =
            MethodHandles.dropArguments(MethodHandles.constant(Object.class, null), 0, Object.class);

    private Foreign(Class<?> type) {
        this.type = type;
        this.namespace = namespaceOf(type);
    }

    /** The description of {@code object}'s class; its namespace is null when it is no servlet object. */
    static Foreign of(Object object) {
        return BY_CLASS.get(object.getClass());
    }

    /** {@code jakarta.servlet}, {@code javax.servlet}, or null. */
    String namespace() {
        return namespace;
    }

    /** Whether the object implements the application's version of our {@code ourInterface}. */
    boolean implementsInterface(Class<?> ourInterface) {
        return namespace != null && foreignInterface(ourInterface) != null;
    }

    /**
     * {@code target} seen as our {@code ourInterface}, or null when it does not implement the
     * application's version of it.
     *
     * @param override answers some calls itself (null to forward all): returns {@link #FORWARD} to forward
     */
    static <T> T view(Object target, Class<T> ourInterface, Answerer override) {
        if (target == null) {
            return null;
        }
        if (ourInterface.isInstance(target)) {
            return ourInterface.cast(target);
        }
        Foreign foreign = of(target);
        if (!foreign.implementsInterface(ourInterface)) {
            return null;
        }
        Forwarder forwarder = new Forwarder(target, foreign, override);
        Object view = foreign.adapted(ourInterface, override != null, target, forwarder);
        if (view == null) {
            view = Proxy.newProxyInstance(Foreign.class.getClassLoader(), new Class<?>[] {ourInterface}, forwarder);
        }
        return ourInterface.cast(view);
    }

    /**
     * {@code target} through the adapter generated for this class and {@code ourInterface}, or null
     * when none could be made (then a {@link Proxy} serves).
     */
    private Object adapted(Class<?> ourInterface, boolean answering, Object target, Forwarder forwarder) {
        SmallIdentityMap<Class<?>, Object> made = answering ? answeringAdapters : adapters;
        Object constructor = made.get(ourInterface);
        if (constructor == null) {
            ExecutorService g = generator;
            if (g != null && made.putIfAbsent(ourInterface, PENDING) == null) {
                try {
                    g.execute(() -> made.put(ourInterface, generate(ourInterface, answering)));
                } catch (RuntimeException rejected) {
                    made.put(ourInterface, NO_ADAPTER);
                }
            }
            return null;
        }
        return construct(constructor, target, forwarder);
    }

    private static Object construct(Object made, Object target, Forwarder forwarder) {
        if (!(made instanceof MethodHandle constructor)) {
            return null;
        }
        try {
            return constructor.invokeExact(target, (InvocationHandler) forwarder);
        } catch (Throwable e) {
            return null;
        }
    }

    private Object generate(Class<?> ourInterface, boolean answering) {
        try {
            MethodHandle constructor = Adapters.generate(ourInterface, foreignInterface(ourInterface),
                    m -> answering && m.getName().endsWith("Attribute") ? null : direct(m));
            return constructor == null ? NO_ADAPTER : constructor;
        } catch (Throwable e) {
            return NO_ADAPTER;
        }
    }

    /**
     * Starts the thread adapters are generated on. Called once while the agent installs: a class
     * loader made on a request thread would keep that thread's access control context, and with it
     * the web application's class loader, for good (Byte Buddy's loaders keep theirs); and the
     * request does not wait for the generation (views are proxies until their adapter is ready).
     */
    static void startGenerator() {
        ClassLoader ours = Foreign.class.getClassLoader();
        ThreadPoolExecutor g = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "logintelemetry-adapters");
            t.setDaemon(true);
            t.setContextClassLoader(ours);
            return t;
        });
        g.prestartAllCoreThreads();
        generator = g;
    }

    /**
     * The application's method an adapter may call directly for {@code ours}, or null: only where the
     * signatures are the very same types (JDK types, no servlet type either way, no servlet
     * exception).
     */
    private Method direct(Method ours) {
        Method theirs;
        try {
            theirs = translate(ours);
        } catch (RuntimeException notThere) {
            return null;
        }
        if (ours.getReturnType() != theirs.getReturnType()
                || !java.util.Arrays.equals(ours.getParameterTypes(), theirs.getParameterTypes())) {
            return null;
        }
        for (Class<?> e : theirs.getExceptionTypes()) {
            if (e.getName().startsWith(JAKARTA + ".") || e.getName().startsWith(JAVAX + ".")) {
                return null;
            }
        }
        return java.lang.reflect.Modifier.isPublic(theirs.getDeclaringClass().getModifiers()) ? theirs : null;
    }

    /**
     * The application's {@code ServletContext} of {@code request} (the application's object), as it
     * is: no view of it is made. Null when {@code request} is no servlet request. For finding the
     * request's web application on every request without a view and a reflective call.
     */
    static Object servletContextOf(Object request) throws Throwable {
        return of(request).servletContextGetter().invokeExact(request);
    }

    private MethodHandle servletContextGetter() throws ReflectiveOperationException {
        MethodHandle getter = servletContextGetter;
        if (getter == null) {
            Class<?> requestType = foreignInterface(ServletRequest.class);
            // A race only looks the same method up twice.
            getter = requestType == null ? NO_GETTER : MethodHandles.publicLookup()
                    .unreflect(requestType.getMethod("getServletContext"))
                    .asType(MethodType.methodType(Object.class, Object.class));
            servletContextGetter = getter;
        }
        return getter;
    }

    /**
     * Registers {@code onEnd} to run when the async cycle that {@code request} (the application's
     * object, with async started) is in ends, however it ends: {@code complete()}, a timeout or an
     * error the application never answers (the container completes the request then). The listener
     * is a {@link Proxy} of the application's own {@code AsyncListener} interface; it lives as long as
     * the request's async context, so it pins nothing.
     *
     * @return whether the listener was registered
     */
    static boolean whenAsyncEnds(Object request, Runnable onEnd) throws ReflectiveOperationException {
        AsyncHooks hooks = of(request).asyncHooks();
        if (hooks == null) {
            return false;
        }
        Object asyncContext = hooks.getAsyncContext.invoke(request);
        Object listener = Proxy.newProxyInstance(hooks.listenerType.getClassLoader(), new Class<?>[] {hooks.listenerType},
                (proxy, m, args) -> switch (m.getName()) {
                    case "onComplete" -> {
                        onEnd.run();
                        yield null;
                    }
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "Login Telemetry async listener";
                    default -> null; // onTimeout, onError, onStartAsync: the end comes with onComplete
                });
        hooks.addListener.invoke(asyncContext, listener);
        return true;
    }

    /**
     * The application's async methods for this request class, looked up on its first async request
     * only: reflection per async request would be the costliest part of following it. Null when the
     * class is no servlet request.
     */
    private AsyncHooks asyncHooks() throws ReflectiveOperationException {
        AsyncHooks hooks = asyncHooks;
        if (hooks == null) {
            Class<?> requestType = foreignInterface(ServletRequest.class);
            if (requestType == null) {
                return null;
            }
            Method getAsyncContext = requestType.getMethod("getAsyncContext");
            Class<?> contextType = getAsyncContext.getReturnType();
            Class<?> listenerType = Class.forName(namespace + ".AsyncListener", false, contextType.getClassLoader());
            // A race only looks the same methods up twice.
            hooks = new AsyncHooks(getAsyncContext, contextType.getMethod("addListener", listenerType), listenerType);
            asyncHooks = hooks;
        }
        return hooks;
    }

    /** See {@link #asyncHooks()}. */
    private record AsyncHooks(Method getAsyncContext, Method addListener, Class<?> listenerType) {
    }

    /** Marker an {@link Answerer} returns to let a call through to the application's object. */
    static final Object FORWARD = new Object();

    /** Answers some calls of a view itself. */
    @FunctionalInterface
    interface Answerer {
        Object answer(Method method, Object[] args);
    }

    /** Calls the application's method that matches {@code ours} on {@code target}. */
    Object call(Object target, Method ours, Object[] args) throws Throwable {
        Method theirs = methods.get(ours);
        if (theirs == null) {
            theirs = translate(ours);
            if (methods.size() < MAX_METHODS) { // a caller passing copies of methods cannot grow it for good
                methods.putIfAbsent(ours, theirs);
            }
        }
        try {
            return theirs.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Method translate(Method ours) {
        Class<?> iface = foreignInterface(ours.getDeclaringClass());
        if (iface == null) {
            throw new UnsupportedOperationException("no " + ours.getDeclaringClass().getSimpleName() + " on " + type.getName());
        }
        Class<?>[] params = ours.getParameterTypes();
        Class<?>[] mapped = new Class<?>[params.length];
        try {
            for (int i = 0; i < params.length; i++) {
                mapped[i] = params[i].getName().startsWith(OURS_PREFIX)
                        ? Class.forName(foreignName(params[i]), false, iface.getClassLoader())
                        : params[i];
            }
            return iface.getMethod(ours.getName(), mapped);
        } catch (ReflectiveOperationException e) {
            throw new UnsupportedOperationException(ours.getName() + " not found on " + iface.getName(), e);
        }
    }

    private Class<?> foreignInterface(Class<?> ourInterface) {
        if (namespace == null) {
            return null;
        }
        Class<?> found = interfaces.computeIfAbsent(ourInterface, i -> {
            Class<?> f = findInterface(type, foreignName(i));
            return f == null ? Void.class : f;
        });
        return found == Void.class ? null : found;
    }

    private String foreignName(Class<?> ours) {
        return namespace + ours.getName().substring(OURS.length());
    }

    private static Class<?> findInterface(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                Class<?> found = i.getName().equals(name) ? i : findInterface(i, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String namespaceOf(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                String ns = namespaceOfInterface(i);
                if (ns != null) {
                    return ns;
                }
            }
        }
        return null;
    }

    private static String namespaceOfInterface(Class<?> i) {
        String n = i.getName();
        if (n.startsWith(JAKARTA + ".")) {
            return JAKARTA;
        }
        if (n.startsWith(JAVAX + ".")) {
            return JAVAX;
        }
        for (Class<?> s : i.getInterfaces()) {
            String ns = namespaceOfInterface(s);
            if (ns != null) {
                return ns;
            }
        }
        return null;
    }

    /** Forwards the calls of one proxy; wraps what comes back into our types where it is a servlet type. */
    private static final class Forwarder implements InvocationHandler {
        private final Object target;
        private final Foreign foreign;
        private final Answerer override;
        private Wrapped lastWrapped;

        Forwarder(Object target, Foreign foreign, Answerer override) {
            this.target = target;
            this.foreign = foreign;
            this.override = override;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "view of " + target;
                };
            }
            if (override != null) {
                Object answer = override.answer(method, args);
                if (answer != FORWARD) {
                    return answer;
                }
            }
            Object result = foreign.call(target, method, args);
            Class<?> type = method.getReturnType();
            Wrapped last = lastWrapped;
            if (last != null && last.theirs == result && last.type == type) {
                return last.ours; // the same session again (the glue asks for it several times a request)
            }
            Object ours = wrap(result, type, override);
            if (ours != result && ours != null && type.isInterface()) {
                lastWrapped = new Wrapped(result, type, ours);
            }
            return ours;
        }
    }

    /** A view this forwarder made of an object one of its calls returned. */
    private record Wrapped(Object theirs, Class<?> type, Object ours) {
    }

    private static Object wrap(Object result, Class<?> type, Answerer override) {
        if (result == null || !type.getName().startsWith(OURS_PREFIX)) {
            return result;
        }
        if (type.isInterface()) {
            // A session or context: seen through our type as well, with the same overrides.
            return view(result, type, override);
        }
        if (type == ServletOutputStream.class && result instanceof OutputStream out) {
            return new ForwardingOutputStream(out);
        }
        if (type == Cookie[].class && result instanceof Object[] cookies) {
            return cookies(cookies);
        }
        return null;
    }

    /** {@code getName} and {@code getValue} of the application's cookie class, looked up once per class. */
    private static final ClassValue<Method[]> COOKIE_METHODS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            try {
                return new Method[] {type.getMethod("getName"), type.getMethod("getValue")};
            } catch (NoSuchMethodException | RuntimeException e) {
                return null;
            }
        }
    };

    private static final Function<Object, String[]> COOKIE = c -> {
        Method[] m = COOKIE_METHODS.get(c.getClass());
        if (m == null) {
            return null;
        }
        try {
            return new String[] {(String) m[0].invoke(c), (String) m[1].invoke(c)};
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    };

    private static Cookie[] cookies(Object[] theirs) {
        List<Cookie> ours = new ArrayList<>(theirs.length);
        for (Object c : theirs) {
            String[] nv = c == null ? null : COOKIE.apply(c);
            if (nv != null) {
                try {
                    ours.add(new Cookie(nv[0], nv[1]));
                } catch (IllegalArgumentException invalidName) {
                    // A cookie name our copy refuses is none of ours.
                }
            }
        }
        return ours.toArray(new Cookie[0]);
    }

    /** The application's response stream (an OutputStream like any ServletOutputStream) as ours. */
    private static final class ForwardingOutputStream extends ServletOutputStream {
        private final OutputStream out;

        ForwardingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener writeListener) {
            throw new UnsupportedOperationException();
        }
    }
}
