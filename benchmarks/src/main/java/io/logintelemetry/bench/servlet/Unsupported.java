package io.logintelemetry.bench.servlet;

import java.lang.reflect.Proxy;

/**
 * A stand-in for the servlet methods a benchmark does not expect to be called: any call fails with
 * the method's name, so a change in what the filter reads shows up at once instead of silently
 * measuring a default.
 */
final class Unsupported {

    private Unsupported() {
    }

    static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(Unsupported.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        switch (method.getName()) {
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            case "equals":
                                return proxy == args[0];
                            default:
                                return type.getSimpleName() + " stand-in";
                        }
                    }
                    throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName()
                            + " is not part of the benchmark's stand-in");
                }));
    }
}
