package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated adapters of views: calls whose types match go straight to the application's
 * object, the others to the fallback handler. (Servlet objects themselves are tested through the
 * agent in real servers: the agent ITs.)
 */
class AdaptersTest {

    /** Our side. */
    public interface Greeter {
        String greet(String name);

        int count();

        Object special(Object x);
    }

    /** The application's side: the same methods, another interface. */
    public interface TheirGreeter {
        String greet(String name);

        int count();

        Object special(Object x);
    }

    public static final class Theirs implements TheirGreeter {
        int calls;

        @Override
        public String greet(String name) {
            calls++;
            return "hello " + name;
        }

        @Override
        public int count() {
            return calls;
        }

        @Override
        public Object special(Object x) {
            throw new AssertionError("must go to the fallback");
        }
    }

    @Test
    void matchingCallsAreDirectAndTheOthersGoToTheFallback() throws Throwable {
        MethodHandle constructor = Adapters.generate(Greeter.class, TheirGreeter.class, ours -> {
            if (ours.getName().equals("special")) {
                return null;
            }
            try {
                return TheirGreeter.class.getMethod(ours.getName(), ours.getParameterTypes());
            } catch (NoSuchMethodException e) {
                return null;
            }
        });
        List<String> fallback = new ArrayList<>();
        InvocationHandler handler = (proxy, method, args) -> {
            fallback.add(method.getName());
            return "from fallback";
        };
        Theirs target = new Theirs();
        Greeter view = (Greeter) (Object) constructor.invokeExact((Object) target, handler);

        assertThat(view.greet("ann")).isEqualTo("hello ann");
        assertThat(view.count()).isEqualTo(1);
        assertThat(view.special("x")).isEqualTo("from fallback");
        assertThat(fallback).containsExactly("special");
        Method greet = view.getClass().getMethod("greet", String.class);
        assertThat(greet.getDeclaringClass().getName()).startsWith("io.logintelemetry.agent.generated.View$");
    }
}
