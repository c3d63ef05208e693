package io.logintelemetry.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends bytes java.net.http refuses to send: header values with CR, LF or obsolete line folding,
 * raw non-ASCII bytes. Reads only the status line of the answer.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /**
     * Sends {@code GET path} with {@code headerBlock} (raw bytes in ISO-8859-1, lines ending in CRLF,
     * without the final empty line) and returns the status code, or -1 if the container just closed
     * the connection (acceptable for garbage: it is not a 500).
     */
    public static int get(int port, String path, String headerBlock) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n"
                    + headerBlock + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String statusLine = readLine(socket.getInputStream());
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) {
                return -1;
            }
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (java.net.SocketException e) {
            return -1; // reset by the container
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b == -1 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
