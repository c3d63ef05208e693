package io.logintelemetry.agent.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.servlet.LoginTelemetryRuntime;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The agent's runtimes, one per web application: found by context path (started in the background
 * at first sight), and then by the application's context object without asking it for its path.
 */
class RuntimesTest {

    @Test
    void aWebappsRuntimeIsFoundByItsContextObjectOnceFoundByPath() {
        try (Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults())) {
            Object context = new Object();
            assertThat(runtimes.forContext(context)).isNull();

            LoginTelemetryRuntime shop = awaitNonNull(() -> runtimes.forRequest("/shop", context));

            assertThat(runtimes.forContext(context)).isSameAs(shop);
            assertThat(runtimes.forContext(new Object())).as("another webapp's context").isNull();
            Object redeployed = new Object();
            assertThat(runtimes.forRequest("/shop", redeployed)).as("a redeployed webapp keeps its runtime").isSameAs(shop);
            assertThat(runtimes.forContext(redeployed)).isSameAs(shop);
            LoginTelemetryRuntime blog = awaitNonNull(() -> runtimes.forRequest("/blog", new Object()));
            assertThat(blog).isNotSameAs(shop);
        }
    }

    @Test
    void beyondTheRememberedContextsWebappsAreFoundByPath() {
        try (Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults())) {
            java.util.List<Object> contexts = new java.util.ArrayList<>();
            for (int i = 0; i <= Runtimes.MAX_CONTEXTS; i++) {
                Object context = new Object();
                contexts.add(context);
                String path = "/app" + i;
                awaitNonNull(() -> runtimes.forRequest(path, context));
            }
            for (int i = 0; i < Runtimes.MAX_CONTEXTS; i++) {
                assertThat(runtimes.forContext(contexts.get(i))).as("context " + i).isNotNull();
            }
            Object last = contexts.get(Runtimes.MAX_CONTEXTS);
            assertThat(runtimes.forContext(last)).as("one more than remembered").isNull();
            assertThat(runtimes.forRequest("/app" + Runtimes.MAX_CONTEXTS, last)).as("still found by its path").isNotNull();
            assertThat(runtimes.forContext(contexts.get(0))).as("the first ones stay remembered").isNotNull();
        }
    }

    @Test
    void aCollectedContextsPlaceIsTakenByTheNextWebapp() throws InterruptedException {
        try (Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults())) {
            java.util.List<Object> contexts = new java.util.ArrayList<>();
            for (int i = 1; i < Runtimes.MAX_CONTEXTS; i++) {
                Object context = new Object();
                contexts.add(context);
                String path = "/app" + i;
                awaitNonNull(() -> runtimes.forRequest(path, context));
            }
            WeakReference<Object> undeployed = rememberedContext(runtimes); // the table is full now
            awaitCollected(undeployed);
            assertThat(undeployed.get()).isNull();

            Object next = new Object();
            awaitNonNull(() -> runtimes.forRequest("/next", next));

            assertThat(runtimes.forContext(next)).as("remembered in the collected one's place").isNotNull();
            assertThat(contexts).allSatisfy(c -> assertThat(runtimes.forContext(c)).isNotNull());
        }
    }

    @Test
    void aRequestDoesNotWaitForARuntimeStarting() throws Exception {
        try (Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults())) {
            Object context = new Object();
            awaitNonNull(() -> runtimes.forRequest("/shop", context));
            Object another = new Object();
            java.util.concurrent.CompletableFuture<LoginTelemetryRuntime> found;
            // A runtime starting holds the runtimes' monitor (it reads files meanwhile).
            synchronized (runtimes) {
                found = java.util.concurrent.CompletableFuture.supplyAsync(() -> runtimes.forRequest("/shop", another));
                assertThat(found.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("found while a start holds the lock").isNotNull();
            }
            assertThat(runtimes.forContext(another)).isNotNull();
        }
    }

    @Test
    void aRememberedContextIsNotKeptAlive() throws InterruptedException {
        try (Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults())) {
            WeakReference<Object> undeployed = rememberedContext(runtimes);

            awaitCollected(undeployed);
            assertThat(undeployed.get()).as("collected: the runtimes hold an undeployed webapp's context weakly").isNull();
        }
    }

    @Test
    void aClosedAgentFindsNoRuntimeByContext() {
        Object context = new Object();
        Runtimes runtimes = new Runtimes(LoginTelemetryConfig.defaults());
        awaitNonNull(() -> runtimes.forRequest("/shop", context));

        runtimes.close();

        assertThat(runtimes.forContext(context)).isNull();
        assertThat(runtimes.forRequest("/shop", context)).isNull();
    }

    private static void awaitCollected(WeakReference<Object> reference) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
    }

    /** A context the runtimes found their runtime for, referenced by nothing else once this returns. */
    private static WeakReference<Object> rememberedContext(Runtimes runtimes) {
        Object context = new Object();
        awaitNonNull(() -> runtimes.forRequest("/shop", context));
        assertThat(runtimes.forContext(context)).isNotNull();
        return new WeakReference<>(context);
    }

    private static LoginTelemetryRuntime awaitNonNull(Supplier<LoginTelemetryRuntime> lookUp) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        LoginTelemetryRuntime found = lookUp.get();
        while (found == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            found = lookUp.get();
        }
        assertThat(found).as("started in the background").isNotNull();
        return found;
    }
}
