package io.logintelemetry.agent.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.atomic.AtomicLong;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.MethodCall;

/**
 * Request body streams the application can take for its own: an instance of the application's
 * {@code ServletInputStream} class (javax or jakarta, whatever loader) whose reads go through a
 * plain {@link InputStream} of ours, and whose non-blocking methods ({@code isReady},
 * {@code isFinished}, {@code setReadListener}) go to the container's stream.
 *
 * <p>The subclass is generated once per Servlet API class, into a class loader of its own whose
 * parent is the API's loader, and kept in a {@link ClassValue} of the API class: it hangs off that
 * class, so nothing of ours pins the loader, and it names only the API and JDK types.
 */
final class ServletStreams {

    private static final String SERVLET_INPUT_STREAM = "ServletInputStream";
    private static final AtomicLong NAMES = new AtomicLong();

    @SuppressWarnings("removal")
    private static final ClassValue<Constructor<?>> COPYING = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> api) {
            // Privileged: Byte Buddy's class loader keeps the access control context it is made in,
            // and on a request thread that holds the web application's frames, so its class loader.
            // The class is needed now, on the thread of the application that asked for its stream.
            return AccessController.doPrivileged((PrivilegedAction<Constructor<?>>) () -> {
                try {
                    return generate(api);
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    throw new IllegalStateException("cannot extend " + api.getName() + ": " + e, e);
                }
            });
        }
    };

    private ServletStreams() {
    }

    /**
     * {@code original}, the application's request stream, as an instance of its own
     * {@code ServletInputStream} API class reading through {@code in}; or null when it is no
     * servlet stream we know.
     */
    static Object readingThrough(Object original, InputStream in) throws ReflectiveOperationException {
        Class<?> api = apiClass(original.getClass());
        if (api == null) {
            return null;
        }
        return COPYING.get(api).newInstance(in, original);
    }

    private static Class<?> apiClass(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            String name = c.getName();
            if (name.equals(Foreign.JAKARTA + "." + SERVLET_INPUT_STREAM) || name.equals(Foreign.JAVAX + "." + SERVLET_INPUT_STREAM)) {
                return Modifier.isPublic(c.getModifiers()) ? c : null;
            }
        }
        return null;
    }

    private static Constructor<?> generate(Class<?> api) throws ReflectiveOperationException {
        Class<?> listener = Class.forName(api.getPackageName() + ".ReadListener", false, api.getClassLoader());
        Class<?> generated = new ByteBuddy()
                .subclass(api, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                .name("io.logintelemetry.agent.generated.CopyingServletInputStream$" + NAMES.incrementAndGet())
                .defineField("in", InputStream.class, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineField("original", api, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC).withParameters(InputStream.class, api)
                .intercept(MethodCall.invoke(api.getDeclaredConstructor())
                        .andThen(FieldAccessor.ofField("in").setsArgumentAt(0))
                        .andThen(FieldAccessor.ofField("original").setsArgumentAt(1)))
                .method(named("read").and(takesArguments(0)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("read")).onField("in"))
                .method(named("read").and(takesArguments(byte[].class)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("read", byte[].class)).onField("in").withAllArguments())
                .method(named("read").and(takesArguments(byte[].class, int.class, int.class)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("read", byte[].class, int.class, int.class))
                        .onField("in").withAllArguments())
                .method(named("skip").and(takesArguments(long.class)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("skip", long.class)).onField("in").withAllArguments())
                .method(named("available").and(takesArguments(0)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("available")).onField("in"))
                .method(named("close").and(takesArguments(0)))
                .intercept(MethodCall.invoke(InputStream.class.getMethod("close")).onField("in"))
                .method(named("isFinished").and(takesArguments(0)))
                .intercept(MethodCall.invoke(api.getMethod("isFinished")).onField("original"))
                .method(named("isReady").and(takesArguments(0)))
                .intercept(MethodCall.invoke(api.getMethod("isReady")).onField("original"))
                .method(named("setReadListener").and(takesArguments(1)))
                .intercept(MethodCall.invoke(api.getMethod("setReadListener", listener)).onField("original").withAllArguments())
                .make()
                .load(api.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER)
                .getLoaded();
        return generated.getConstructor(InputStream.class, api);
    }
}
