package io.logintelemetry.agent.javaagent;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.not;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.dynamic.loading.MultipleParentClassLoader;
import net.bytebuddy.implementation.FieldAccessor;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.implementation.MethodCall;

/**
 * Generates the adapter classes of {@link Foreign} views: a class implementing our (relocated)
 * Servlet API interface, holding the application's object typed as the application's interface, so
 * that a call whose types are the same on both sides is a plain interface call rather than a
 * reflective one; every other call goes to an {@link InvocationHandler} (the reflective forwarder).
 *
 * <p>Each class is defined in a class loader of its own whose parents are the loader of our
 * interface and the loader of the application's Servlet API, so it sees both and is seen by neither;
 * the caller keeps it in the application class's {@link ClassValue} cache.
 */
final class Adapters {

    private static final AtomicLong NAMES = new AtomicLong();

    private Adapters() {
    }

    /**
     * The constructor {@code (Object applicationObject, InvocationHandler fallback) -> Object} of an
     * adapter of {@code theirs} (the application's interface) as {@code ours}; null if there is no
     * such interface.
     *
     * @param direct the application's method to call directly for one of ours, or null for the fallback
     */
    static MethodHandle generate(Class<?> ours, Class<?> theirs, Function<Method, Method> direct)
            throws ReflectiveOperationException {
        if (theirs == null || !Modifier.isPublic(theirs.getModifiers()) || !ours.isInterface()) {
            return null;
        }
        DynamicType.Builder<?> builder = new ByteBuddy()
                .subclass(Object.class)
                .implement(ours)
                .name("io.logintelemetry.agent.generated.View$" + NAMES.incrementAndGet())
                .defineField("target", theirs, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineField("fallback", InvocationHandler.class, Visibility.PRIVATE, FieldManifestation.FINAL)
                .defineConstructor(Visibility.PUBLIC).withParameters(theirs, InvocationHandler.class)
                .intercept(MethodCall.invoke(Object.class.getConstructor())
                        .andThen(FieldAccessor.ofField("target").setsArgumentAt(0))
                        .andThen(FieldAccessor.ofField("fallback").setsArgumentAt(1)))
                // Everything of our interface goes to the fallback, but for the direct calls below
                // (Byte Buddy applies the last matching registration).
                .method(not(isDeclaredBy(Object.class)))
                .intercept(InvocationHandlerAdapter.toField("fallback"));
        for (Method m : ours.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            Method call = direct.apply(m);
            if (call != null) {
                builder = builder.method(is(m)).intercept(MethodCall.invoke(call).onField("target").withAllArguments());
            }
        }
        ClassLoader parents = new MultipleParentClassLoader.Builder().append(theirs, ours).build();
        Class<?> adapter = builder.make().load(parents, ClassLoadingStrategy.Default.WRAPPER).getLoaded();
        return MethodHandles.publicLookup()
                .findConstructor(adapter, MethodType.methodType(void.class, theirs, InvocationHandler.class))
                .asType(MethodType.methodType(Object.class, Object.class, InvocationHandler.class));
    }
}
