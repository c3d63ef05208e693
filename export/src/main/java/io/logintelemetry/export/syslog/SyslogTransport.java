package io.logintelemetry.export.syslog;

import io.logintelemetry.export.delivery.Result;
import io.logintelemetry.export.delivery.Transport;
import io.logintelemetry.export.spool.SpoolRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Syslog over UDP (one datagram per message, RFC 5426), TCP with octet-counting framing
 * ({@code LENGTH SP MESSAGE}, RFC 6587) or TLS (RFC 5425, same framing, server certificate and host
 * name checked). The TCP and TLS connection is kept open between batches and reopened after a
 * failure.
 *
 * <p>Syslog has no application-level acknowledgement: a batch counts as delivered once written and
 * flushed to the socket. Records written just before the receiver drops a connection may be lost
 * by the network layer; that is the limit of the protocol (RELP would close it).
 */
public final class SyslogTransport implements Transport {

    /** The transport protocol. */
    public enum Protocol { UDP, TCP, TLS }

    /** Larger messages do not fit a UDP datagram. */
    static final int MAX_UDP = 65_000;

    private final String host;
    private final int port;
    private final Protocol protocol;
    private final Duration timeout;
    private final SSLContext tls;
    private final int batchSize;
    private Socket socket;
    private OutputStream out;
    private DatagramSocket udp;

    public SyslogTransport(String host, int port, Protocol protocol, Duration timeout, SSLContext tls, int batchSize) {
        this.host = host;
        this.port = port;
        this.protocol = protocol;
        this.timeout = timeout;
        this.tls = tls;
        this.batchSize = batchSize;
    }

    @Override
    public int maxBatch() {
        return batchSize;
    }

    @Override
    public synchronized Result send(List<SpoolRecord> batch) {
        try {
            if (protocol == Protocol.UDP) {
                return sendUdp(batch);
            }
            if (out == null) {
                connect();
            }
            for (SpoolRecord r : batch) {
                out.write(Integer.toString(r.payload().length).getBytes(StandardCharsets.US_ASCII));
                out.write(' ');
                out.write(r.payload());
            }
            out.flush();
            return Result.delivered();
        } catch (IOException e) {
            disconnect();
            return Result.retry(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private Result sendUdp(List<SpoolRecord> batch) throws IOException {
        if (udp == null) {
            udp = new DatagramSocket();
        }
        InetSocketAddress target = new InetSocketAddress(host, port);
        if (target.isUnresolved()) {
            throw new IOException("cannot resolve " + host);
        }
        int tooLarge = 0;
        for (SpoolRecord r : batch) {
            if (r.payload().length > MAX_UDP) {
                tooLarge++;
                continue;
            }
            udp.send(new DatagramPacket(r.payload(), r.payload().length, target));
        }
        return tooLarge == 0 ? Result.delivered()
                : Result.partial(List.of(), tooLarge, tooLarge + " message(s) larger than a UDP datagram");
    }

    private void connect() throws IOException {
        Socket s = protocol == Protocol.TLS ? tls.getSocketFactory().createSocket() : new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            s.setKeepAlive(true);
            if (s instanceof SSLSocket ssl) {
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                if (!host.isEmpty() && Character.isLetter(host.charAt(0))) {
                    params.setServerNames(List.of(new SNIHostName(host)));
                }
                ssl.setSSLParameters(params);
                ssl.startHandshake();
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 64 << 10);
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // reconnected on the next batch
            }
        }
        socket = null;
        out = null;
    }

    @Override
    public String describe() {
        return "syslog " + protocol.name().toLowerCase(java.util.Locale.ROOT) + "://" + host + ":" + port;
    }

    @Override
    public void close() {
        // Not synchronised: close() must be able to break a send blocked on the socket.
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (udp != null) {
            udp.close();
        }
    }
}
