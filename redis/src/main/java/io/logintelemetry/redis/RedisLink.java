package io.logintelemetry.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

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

    RedisLink(RedisSettings settings) {
        this.settings = settings;
        // Two small pools: Lettuce's default sizes them by cores, for a client that does far more.
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
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
