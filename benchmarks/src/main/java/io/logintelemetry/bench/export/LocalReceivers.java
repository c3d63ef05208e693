package io.logintelemetry.bench.export;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * Receivers on 127.0.0.1 for the export benchmarks: an HTTP server answering as Splunk HEC, the
 * bulk API and a webhook would on success (the JDK's own server: no dependency, little overhead of
 * its own), and a TCP server that reads and discards syslog frames.
 */
final class LocalReceivers implements AutoCloseable {

    private static final byte[] HEC_OK = "{\"text\":\"Success\",\"code\":0}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BULK_OK = "{\"took\":1,\"errors\":false,\"items\":[]}".getBytes(StandardCharsets.UTF_8);

    private final HttpServer http;
    private final ExecutorService httpThreads = Executors.newFixedThreadPool(2);
    private final ServerSocket tcp;
    private final Thread tcpThread;

    LocalReceivers() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.createContext("/services/collector/event", exchange -> answer(exchange, HEC_OK));
        http.createContext("/_bulk", exchange -> answer(exchange, BULK_OK));
        http.createContext("/hook", exchange -> answer(exchange, new byte[0]));
        http.setExecutor(httpThreads);
        http.start();
        tcp = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        tcpThread = new Thread(this::acceptSyslog, "bench-syslog-receiver");
        tcpThread.setDaemon(true);
        tcpThread.start();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputSink.INSTANCE);
        }
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void acceptSyslog() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                Thread reader = new Thread(() -> {
                    try (InputStream in = s.getInputStream()) {
                        in.transferTo(OutputSink.INSTANCE);
                    } catch (IOException e) {
                        // connection closed
                    }
                }, "bench-syslog-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    String httpBase() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int syslogPort() {
        return tcp.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        http.stop(0);
        httpThreads.shutdownNow();
        tcp.close();
    }

    /** Discards bytes. */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
