package io.logintelemetry.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection to Redis (standalone, Sentinel or Cluster), used by the store's worker thread only.
 * Connecting happens on the first command, never at start-up; once connected Lettuce reconnects by
 * itself, and commands issued while it is disconnected fail at once instead of piling up in its
 * own unbounded buffer (our queue is the bounded one).
 */
final class RedisLink implements AutoCloseable {

    private final RedisSettings settings;
    private final ClientResources resources;
    private RedisClient client;
    private RedisClusterClient clusterClient;
    private StatefulConnection<String, String> connection;
    private RedisClusterCommands<String, String> commands;
    /** The same connection, for commands sent without waiting for their answers (see {@link #send}). */
    private RedisClusterAsyncCommands<String, String> async;

    RedisLink(RedisSettings settings) {
        this.settings = settings;
        // Two small pools: Lettuce's default sizes them by cores, for a client that does far more.
        // No latency recorder: Lettuce would start one (with a pause-detector thread) whenever it finds
        // HdrHistogram and LatencyUtils on the thread's class loader, which under the Java agent is the
        // application's, and we read none of it.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled()).build();
    }

    /**
     * Lettuce's default (the JDK's trust store, no client certificate) unless a trust store or a
     * client key store is configured; used only by rediss:// URIs.
     */
    private SslOptions sslOptions() {
        if (settings.trust() == null && settings.keys() == null) {
            return SslOptions.create();
        }
        SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
        if (settings.trust() != null) {
            ssl.trustManager(settings.trust());
        }
        if (settings.keys() != null) {
            ssl.keyManager(settings.keys());
        }
        return ssl.build();
    }

    /** Connects when not connected; throws what connecting threw (refused, AUTH, TLS). */
    RedisClusterCommands<String, String> commands() {
        if (commands != null) {
            return commands;
        }
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.timeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.timeout());
        SslOptions ssl = sslOptions();
        if (settings.cluster()) {
            if (clusterClient == null) {
                clusterClient = RedisClusterClient.create(resources, settings.uris());
                // Cluster node connections are opened on first use: rejecting commands while one is still
                // connecting failed the first command to each shard. Accepted instead, bounded, and each
                // still fails after the command timeout while a shard is away.
                clusterClient.setOptions(ClusterClientOptions.builder().autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).requestQueueSize(1_000)
                        .socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl).build());
            }
            var c = clusterClient.connect();
            connection = c;
            commands = c.sync();
            async = c.async();
        } else {
            if (client == null) {
                client = RedisClient.create(resources, settings.uris().get(0));
                client.setOptions(ClientOptions.builder().autoReconnect(true)
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .socketOptions(socket).timeoutOptions(timeouts).sslOptions(ssl).build());
            }
            var c = client.connect();
            connection = c;
            commands = c.sync();
            async = c.async();
        }
        return commands;
    }

    /** Runs a script by its digest, sending its text only when the server does not know it yet. */
    <T> T eval(String script, ScriptOutputType type, String[] keys, String... args) {
        RedisClusterCommands<String, String> c = commands();
        try {
            return c.evalsha(sha1(script), type, keys, args);
        } catch (RedisNoScriptException e) {
            return c.eval(script, type, keys, args); // caches it on that server for the next EVALSHA
        }
    }

    /** A script and its keys and arguments, to {@link #send}. */
    record Call(String script, ScriptOutputType type, String[] keys, String[] args) {
    }

    /** A script sent, and its answer to come. */
    static final class Reply<T> {
        private final Call call;
        private final Future<T> answer;

        private Reply(Call call, Future<T> answer) {
            this.call = call;
            this.answer = answer;
        }
    }

    /**
     * Sends the scripts by their digests, one after the other, without waiting for any answer: on one
     * connection Lettuce writes each as it comes and matches the answers in order, so they cost about
     * one round trip together (a pipeline), and Redis runs them in the order sent. Connects first:
     * throws only when that fails, and then nothing was sent. A script that cannot be sent fails its
     * own reply, so each call has one.
     */
    <T> List<Reply<T>> send(List<Call> calls) {
        commands();
        List<Reply<T>> replies = new ArrayList<>(calls.size());
        for (Call call : calls) {
            Future<T> answer;
            try {
                answer = async.evalsha(sha1(call.script()), call.type(), call.keys(), call.args());
            } catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e); // disconnected: rejected at once
            }
            replies.add(new Reply<>(call, answer));
        }
        return replies;
    }

    /**
     * The answer to a script {@link #send} sent, waiting for it until {@code deadline} ({@link System#nanoTime}
     * scale) at most; throws what the command failed with (a {@link RedisException} when Redis is away or
     * slow). A server that did not know the script yet ran nothing: the script is then run here, by its text.
     */
    <T> T await(Reply<T> reply, long deadline) {
        try {
            return reply.answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Cancelled, so that Lettuce never sends it again after a reconnect: the caller retries it itself.
            // When it cannot be cancelled, the answer came just now.
            if (!reply.answer.cancel(false)) {
                return await(reply, deadline);
            }
            throw new RedisCommandTimeoutException("Command timed out after " + settings.timeout());
        } catch (CancellationException e) {
            throw new RedisException("Command cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RedisNoScriptException) {
                Call c = reply.call;
                return eval(c.script(), c.type(), c.keys(), c.args());
            }
            if (cause instanceof RuntimeException r) {
                throw r; // as the synchronous commands throw it: a RedisException, or a defect
            }
            throw new RedisException(cause);
        }
    }

    /** Whether {@code key} exists, renewing its time-to-live if so. */
    boolean touch(String key, long ttlMillis) {
        return Boolean.TRUE.equals(commands().pexpire(key, ttlMillis));
    }

    void setWithTtl(String key, String value, long ttlMillis) {
        commands().set(key, value, io.lettuce.core.SetArgs.Builder.px(ttlMillis));
    }

    /** A plain SET NX PX (reasserting a flag already delivered). */
    void setIfAbsent(String key, String value, long ttlMillis) {
        commands().set(key, value, io.lettuce.core.SetArgs.Builder.nx().px(ttlMillis));
    }

    @Override
    public void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        if (client != null) {
            client.shutdown(0, 2, TimeUnit.SECONDS);
        }
        if (clusterClient != null) {
            clusterClient.shutdown(0, 2, TimeUnit.SECONDS);
        }
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static final java.util.Map<String, String> SHAS = new java.util.concurrent.ConcurrentHashMap<>();

    static String sha1(String script) {
        return SHAS.computeIfAbsent(script, s -> {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
