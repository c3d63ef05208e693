package io.logintelemetry.export;

import io.logintelemetry.config.ConfigException;
import io.logintelemetry.config.ConfigKey;
import io.logintelemetry.config.ConfigKeys;
import io.logintelemetry.config.LoginTelemetryConfig;
import io.logintelemetry.export.delivery.DeliverySink;
import io.logintelemetry.export.delivery.Transport;
import io.logintelemetry.export.file.LineFileTransport;
import io.logintelemetry.export.format.CefFormat;
import io.logintelemetry.export.format.EcsFormat;
import io.logintelemetry.export.format.FlagFormat;
import io.logintelemetry.export.format.HecFormat;
import io.logintelemetry.export.format.JsonFormat;
import io.logintelemetry.export.format.LeefFormat;
import io.logintelemetry.export.http.BulkTransport;
import io.logintelemetry.export.http.HecTransport;
import io.logintelemetry.export.http.WebhookTransport;
import io.logintelemetry.export.pseudonym.Pseudonymiser;
import io.logintelemetry.export.spool.Spool;
import io.logintelemetry.export.spool.SpoolRecord;
import io.logintelemetry.export.syslog.SyslogFormat;
import io.logintelemetry.export.syslog.SyslogTransport;
import io.logintelemetry.export.tls.TlsContexts;
import io.logintelemetry.log.Logs;
import io.logintelemetry.sink.FlagSink;
import io.logintelemetry.sink.FlagSinkProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Switches on the SIEM exporters the configuration names (listed in
 * {@code META-INF/services/io.logintelemetry.sink.FlagSinkProvider}): syslog, Splunk HEC, ECS to a
 * file or the bulk API, and a webhook, each a {@link DeliverySink} with its own queue, threads and
 * spool. Every setting is checked here, at start-up, and a bad one is an error naming its key;
 * secrets are never part of a message.
 */
public final class ExportProvider implements FlagSinkProvider {

    private static final Logs.Logger LOG = Logs.get("io.logintelemetry.export");

    @Override
    public List<FlagSink> create(LoginTelemetryConfig config, String instance) {
        Pseudonymiser pseudonymiser = pseudonymiser(config);
        List<Plan> plans = plans(config);
        if (plans.isEmpty()) {
            return List.of();
        }
        Path spoolRoot = spoolRoot(config).resolve(safeName(instance));
        List<FlagSink> sinks = new ArrayList<>();
        try {
            for (Plan plan : plans) {
                Spool spool;
                try {
                    // Only the directory and its lock here; the segments are read on the sink's own thread.
                    spool = Spool.prepare(spoolRoot.resolve(plan.name), config.get(ConfigKeys.EXPORT_SPOOL_MAX_BYTES));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(ConfigKeys.EXPORT_SPOOL_DIRECTORY.name(),
                            "cannot open the spool " + spoolRoot.resolve(plan.name) + ": " + e);
                }
                FlagFormat format = plan.format;
                Transport transport = plan.transport.get();
                sinks.add(new DeliverySink(plan.name,
                        flag -> new SpoolRecord(flag.id(), format.format(pseudonymiser.apply(flag)).getBytes(StandardCharsets.UTF_8)),
                        spool, transport, config.get(ConfigKeys.EXPORT_QUEUE_CAPACITY),
                        config.get(ConfigKeys.EXPORT_RETRY_INITIAL), config.get(ConfigKeys.EXPORT_RETRY_MAX),
                        config.get(ConfigKeys.EXPORT_SHUTDOWN_TIMEOUT)));
                LOG.info("Login Telemetry export '" + plan.name + "' to " + transport.describe() + ", spool " + spool.directory()
                        + (pseudonymiser.enabled() ? ", pseudonymised" : ""));
            }
        } catch (RuntimeException e) {
            sinks.forEach(FlagSink::close);
            throw e;
        }
        return sinks;
    }

    /** A sink to build: its name, payload format and a way to make its transport. */
    private record Plan(String name, FlagFormat format, Supplier<Transport> transport) {
    }

    private static List<Plan> plans(LoginTelemetryConfig config) {
        List<Plan> plans = new ArrayList<>();
        int batch = config.get(ConfigKeys.EXPORT_BATCH_SIZE);
        var timeout = config.get(ConfigKeys.EXPORT_TIMEOUT);
        Tls tls = new Tls(config);

        String syslogHost = config.get(ConfigKeys.EXPORT_SYSLOG_HOST).trim();
        if (!syslogHost.isEmpty()) {
            SyslogTransport.Protocol protocol = SyslogTransport.Protocol.valueOf(
                    config.get(ConfigKeys.EXPORT_SYSLOG_PROTOCOL).toUpperCase(Locale.ROOT));
            int port = config.get(ConfigKeys.EXPORT_SYSLOG_PORT);
            int effectivePort = port != 0 ? port : protocol == SyslogTransport.Protocol.TLS ? 6514 : 514;
            FlagFormat payload = switch (config.get(ConfigKeys.EXPORT_SYSLOG_FORMAT)) {
                case "leef" -> new LeefFormat();
                case "json" -> new JsonFormat();
                default -> new CefFormat();
            };
            SSLContext context = protocol == SyslogTransport.Protocol.TLS ? tls.get() : null;
            plans.add(new Plan("syslog", new SyslogFormat(config.get(ConfigKeys.EXPORT_SYSLOG_FACILITY), payload),
                    () -> new SyslogTransport(syslogHost, effectivePort, protocol, timeout, context, batch)));
        }

        String hecUrl = config.get(ConfigKeys.EXPORT_HEC_URL).trim();
        if (!hecUrl.isEmpty()) {
            URI uri = httpUri(ConfigKeys.EXPORT_HEC_URL, hecUrl);
            String token = required(config, ConfigKeys.EXPORT_HEC_TOKEN, "is required with " + ConfigKeys.EXPORT_HEC_URL.name());
            String channel = config.get(ConfigKeys.EXPORT_HEC_CHANNEL).trim();
            if (channel.isEmpty()) {
                channel = UUID.randomUUID().toString();
            } else {
                try {
                    UUID.fromString(channel);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(ConfigKeys.EXPORT_HEC_CHANNEL.name(), "must be a GUID, e.g. " + UUID.randomUUID());
                }
            }
            String ch = channel;
            SSLContext context = https(uri) ? tls.get() : null;
            plans.add(new Plan("hec", new HecFormat(config.get(ConfigKeys.EXPORT_HEC_SOURCETYPE), config.get(ConfigKeys.EXPORT_HEC_INDEX).trim()),
                    () -> new HecTransport(uri, token, config.get(ConfigKeys.EXPORT_HEC_ACK), ch,
                            config.get(ConfigKeys.EXPORT_HEC_ACK_TIMEOUT), batch, timeout, context(context))));
        }

        String ecsFile = config.get(ConfigKeys.EXPORT_ECS_FILE).trim();
        if (!ecsFile.isEmpty()) {
            Path file = ecsFile.equals("-") ? null : Path.of(ecsFile);
            plans.add(new Plan("ecs-file", new EcsFormat(), () -> new LineFileTransport(file, batch)));
        }

        String ecsUrl = config.get(ConfigKeys.EXPORT_ECS_URL).trim();
        if (!ecsUrl.isEmpty()) {
            URI uri = httpUri(ConfigKeys.EXPORT_ECS_URL, ecsUrl);
            String index = config.get(ConfigKeys.EXPORT_ECS_INDEX).trim();
            if (index.isEmpty() || !index.equals(index.toLowerCase(Locale.ROOT)) || index.matches(".*[\\s\\\\/*?\"<>|,#:].*")) {
                throw new ConfigException(ConfigKeys.EXPORT_ECS_INDEX.name(), "'" + index.replaceAll("\\p{Cntrl}", "?")
                        + "' is not a valid index name (lower case, no spaces or \\ / * ? \" < > | , # :)");
            }
            String authorization = ecsAuthorization(config);
            SSLContext context = https(uri) ? tls.get() : null;
            plans.add(new Plan("ecs", new EcsFormat(),
                    () -> new BulkTransport(uri, index, authorization, batch, timeout, context(context))));
        }

        String webhookUrl = config.get(ConfigKeys.EXPORT_WEBHOOK_URL).trim();
        if (!webhookUrl.isEmpty()) {
            URI uri = httpUri(ConfigKeys.EXPORT_WEBHOOK_URL, webhookUrl);
            byte[] secret = config.get(ConfigKeys.EXPORT_WEBHOOK_SECRET).getBytes(StandardCharsets.UTF_8);
            SSLContext context = https(uri) ? tls.get() : null;
            plans.add(new Plan("webhook", new JsonFormat(),
                    () -> new WebhookTransport(uri, secret, batch, timeout, context(context))));
        }
        return plans;
    }

    /** The HTTP client wants a context even for plain http; the JDK default costs nothing then. */
    private static SSLContext context(SSLContext configured) {
        if (configured != null) {
            return configured;
        }
        try {
            return SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean https(URI uri) {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    /** Built at most once, and only when a TLS sink needs it: a bad trust store fails start-up naming its key. */
    private static final class Tls {
        private final LoginTelemetryConfig config;
        private SSLContext context;

        Tls(LoginTelemetryConfig config) {
            this.config = config;
        }

        SSLContext get() {
            if (context == null) {
                context = TlsContexts.create(
                        config.get(ConfigKeys.EXPORT_TLS_TRUST_STORE).trim(),
                        config.get(ConfigKeys.EXPORT_TLS_TRUST_STORE_PASSWORD).toCharArray(),
                        ConfigKeys.EXPORT_TLS_TRUST_STORE.name(),
                        config.get(ConfigKeys.EXPORT_TLS_KEY_STORE).trim(),
                        config.get(ConfigKeys.EXPORT_TLS_KEY_STORE_PASSWORD).toCharArray(),
                        ConfigKeys.EXPORT_TLS_KEY_STORE.name());
            }
            return context;
        }
    }

    private static String ecsAuthorization(LoginTelemetryConfig config) {
        String apiKey = config.get(ConfigKeys.EXPORT_ECS_API_KEY).trim();
        String user = config.get(ConfigKeys.EXPORT_ECS_USERNAME).trim();
        String password = config.get(ConfigKeys.EXPORT_ECS_PASSWORD);
        if (!apiKey.isEmpty() && !user.isEmpty()) {
            throw new ConfigException(ConfigKeys.EXPORT_ECS_API_KEY.name(), "set either it or " + ConfigKeys.EXPORT_ECS_USERNAME.name() + ", not both");
        }
        if (!apiKey.isEmpty()) {
            return "ApiKey " + apiKey;
        }
        if (!user.isEmpty()) {
            if (password.isEmpty()) {
                throw new ConfigException(ConfigKeys.EXPORT_ECS_PASSWORD.name(), "is required with " + ConfigKeys.EXPORT_ECS_USERNAME.name());
            }
            return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    static Pseudonymiser pseudonymiser(LoginTelemetryConfig config) {
        if (!config.get(ConfigKeys.EXPORT_PSEUDONYMISE)) {
            return Pseudonymiser.NONE;
        }
        String key = config.get(ConfigKeys.EXPORT_PSEUDONYMISE_KEY);
        if (key.length() < 16) {
            throw new ConfigException(ConfigKeys.EXPORT_PSEUDONYMISE_KEY.name(),
                    "must be at least 16 characters when " + ConfigKeys.EXPORT_PSEUDONYMISE.name() + " is true");
        }
        return new Pseudonymiser(key.getBytes(StandardCharsets.UTF_8), config.get(ConfigKeys.EXPORT_PSEUDONYMISE_TRUNCATE));
    }

    private static String required(LoginTelemetryConfig config, ConfigKey<String> key, String why) {
        String value = config.get(key);
        if (value.isBlank()) {
            throw new ConfigException(key.name(), why);
        }
        return value.trim();
    }

    /** An http(s) URL without credentials in it (they would end up in log lines). */
    static URI httpUri(ConfigKey<String> key, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key.name(), "is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(key.name(), "must be an http:// or https:// URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new ConfigException(key.name(), "must not carry credentials; use the sink's token, api-key or password keys");
        }
        return uri;
    }

    private static Path spoolRoot(LoginTelemetryConfig config) {
        String dir = config.get(ConfigKeys.EXPORT_SPOOL_DIRECTORY).trim();
        return dir.isEmpty() ? Path.of(System.getProperty("java.io.tmpdir"), "logintelemetry-spool") : Path.of(dir);
    }

    /** A context path as a directory name: "/shop" becomes "shop", anything unusual an underscore. */
    static String safeName(String instance) {
        String s = instance.replaceAll("^/+", "").replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "ROOT" + s : s;
    }
}
