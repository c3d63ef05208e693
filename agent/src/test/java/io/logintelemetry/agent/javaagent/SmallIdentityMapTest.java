package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SmallIdentityMapTest {

    @Test
    void keepsOneValuePerInterfaceAndReplacesOnPut() {
        SmallIdentityMap<Class<?>, String> map = new SmallIdentityMap<>();
        assertThat(map.get(HttpServletRequest.class)).isNull();
        map.put(HttpServletRequest.class, "request");
        map.put(HttpSession.class, "session");
        assertThat(map.putIfAbsent(HttpSession.class, "other")).isEqualTo("session");
        assertThat(map.putIfAbsent(ServletContext.class, "context")).isNull();
        map.put(HttpServletRequest.class, "request again");
        assertThat(map.get(HttpServletRequest.class)).isEqualTo("request again");
        assertThat(map.get(HttpSession.class)).isEqualTo("session");
        assertThat(map.get(ServletContext.class)).isEqualTo("context");
        assertThat(map.get(HttpServletResponse.class)).isNull();
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void computesEachValueOnceWhenThreadsRace() throws Exception {
        SmallIdentityMap<Class<?>, Object> map = new SmallIdentityMap<>();
        List<Class<?>> keys = List.of(HttpServletRequest.class, HttpServletResponse.class, HttpSession.class, ServletContext.class);
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Object> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (Class<?> key : keys) {
                    seen.add(map.computeIfAbsent(key, k -> {
                        computed.incrementAndGet();
                        return new Object();
                    }));
                }
            });
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(computed).hasValue(keys.size());
        assertThat(seen).hasSize(8 * keys.size()).doesNotContainNull();
        assertThat(new java.util.HashSet<>(seen)).hasSize(keys.size());
    }
}
