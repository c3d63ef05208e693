package io.logintelemetry.export.syslog;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd (Debian packages rsyslog and rsyslog-gnutls, installed by the build), run in the
 * foreground as its own process with a generated configuration: listening on free ports on
 * 127.0.0.1 only, writing each received message to a file as
 * {@code HOSTNAME APP-NAME MSGID MSG}, the fields as rsyslog itself parsed them from RFC 5424.
 */
final class Rsyslog implements AutoCloseable {

    private final Path dir;
    private final Path received;
    private final Process process;
    final int tcpPort;
    final int udpPort;

    private Rsyslog(Path dir, Path received, Process process, int tcpPort, int udpPort) {
        this.dir = dir;
        this.received = received;
        this.process = process;
        this.tcpPort = tcpPort;
        this.udpPort = udpPort;
    }

    /** Plain TCP (octet counting) and UDP inputs. */
    static Rsyslog plain(Path dir) throws IOException, InterruptedException {
        return plainOnPort(dir, freeTcpPort());
    }

    /** The same, with the TCP input on a given port (to come back where a sink expects it). */
    static Rsyslog plainOnPort(Path dir, int tcp) throws IOException, InterruptedException {
        int udp = freeUdpPort();
        String inputs = """
                module(load="imtcp")
                input(type="imtcp" port="%d" address="127.0.0.1")
                module(load="imudp")
                input(type="imudp" port="%d" address="127.0.0.1")
                """.formatted(tcp, udp);
        return start(dir, "", inputs, tcp, udp);
    }

    /** A TLS input (RFC 5425) with the given server certificate and key (PEM). */
    static Rsyslog tls(Path dir, Path ca, Path cert, Path key) throws IOException, InterruptedException {
        int tcp = freeTcpPort();
        String global = """
                global(DefaultNetstreamDriver="gtls"
                       DefaultNetstreamDriverCAFile="%s"
                       DefaultNetstreamDriverCertFile="%s"
                       DefaultNetstreamDriverKeyFile="%s")
                """.formatted(ca, cert, key);
        String inputs = """
                module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
                input(type="imtcp" port="%d" address="127.0.0.1")
                """.formatted(tcp);
        return start(dir, global, inputs, tcp, -1);
    }

    private static Rsyslog start(Path dir, String global, String inputs, int tcp, int udp) throws IOException, InterruptedException {
        Path work = Files.createDirectories(dir.resolve("work"));
        Path received = dir.resolve("received.log");
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s" maxMessageSize="64k")
                %s
                %s
                template(name="fields" type="string" string="%%hostname%% %%app-name%% %%msgid%% %%msg%%\\n")
                action(type="omfile" file="%s" template="fields" flushOnTXEnd="on" asyncWriting="off")
                """.formatted(work, global, inputs, received));
        Path log = dir.resolve("rsyslogd.out");
        Process p = new ProcessBuilder(rsyslogd(), "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Rsyslog r = new Rsyslog(dir, received, p, tcp, udp);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("rsyslogd exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp), 200);
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() - until > 0) {
                    r.close();
                    throw new IllegalStateException("rsyslogd did not listen on " + tcp + ": " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        return r;
    }

    private static String rsyslogd() {
        for (String candidate : List.of("/usr/sbin/rsyslogd", "/sbin/rsyslogd")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "rsyslogd";
    }

    /** The messages received so far, one line each. */
    List<String> lines() throws IOException {
        return Files.exists(received) ? Files.readAllLines(received, StandardCharsets.UTF_8) : List.of();
    }

    String diagnostics() throws IOException {
        Path log = dir.resolve("rsyslogd.out");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
