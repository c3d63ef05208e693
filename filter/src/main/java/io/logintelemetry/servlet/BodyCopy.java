package io.logintelemetry.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;

/**
 * A request whose body, as the application reads it, is also copied into a bounded buffer. We read
 * nothing ourselves: what the application does not read is never consumed, and a body larger than
 * the limit (or skipped over) leaves an incomplete copy that capture rules then ignore.
 *
 * <p>Intake that cannot hand the application this wrapper (the agent) feeds the copy instead through
 * {@link #tee(InputStream)} and {@link #tee(BufferedReader)}, around the stream or reader the
 * application got from its own request.
 */
final class BodyCopy extends HttpServletRequestWrapper {

    private final int limit;
    private byte[] buffer = new byte[256];
    private int size;
    private boolean incomplete;
    private ServletInputStream stream;
    private BufferedReader reader;
    /** Fed from outside (the agent): by a stream tee, or by a reader tee whose characters are kept here. */
    private boolean fed;
    private StringBuilder chars;

    BodyCopy(HttpServletRequest request, int limit) {
        super(request);
        this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() has already been called for this request");
        }
        return stream();
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() has already been called for this request");
            }
            reader = new BufferedReader(new InputStreamReader(stream(), charset()));
        }
        return reader;
    }

    private ServletInputStream stream() throws IOException {
        if (stream == null) {
            stream = new Tee(super.getInputStream());
        }
        return stream;
    }

    private Charset charset() {
        String name = getCharacterEncoding();
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    /**
     * The copy, or null when the application read none of the body, or more than the limit. A body
     * the application stopped reading early gives a partial copy, which then fails to parse as JSON.
     */
    byte[] copy() {
        if (stream == null && !fed || incomplete) {
            return null;
        }
        if (chars != null) {
            // What a reader tee kept, encoded as the request declares (JSON parses the same either way).
            byte[] bytes = chars.toString().getBytes(charset());
            return bytes.length == 0 || bytes.length > limit ? null : bytes;
        }
        return size == 0 ? null : Arrays.copyOf(buffer, size);
    }

    /** A stream reading {@code in} (the application's own request stream) and copying what is read. */
    InputStream tee(InputStream in) {
        fed = true;
        return new InputStream() {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    keepByte(b);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    keep(b, off, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // Bytes skipped are bytes we cannot copy.
                long skipped = in.skip(n);
                if (skipped > 0) {
                    incomplete = true;
                }
                return skipped;
            }

            @Override
            public int available() throws IOException {
                return in.available();
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /**
     * A reader reading {@code in} (the application's own request reader) and copying the characters
     * read. Lines read with {@code readLine} are kept with a line feed: their own line ends are not
     * known, and JSON does not care.
     */
    BufferedReader tee(BufferedReader in) {
        fed = true;
        chars = new StringBuilder();
        return new BufferedReader(in, 1) {
            @Override
            public int read() throws IOException {
                int c = in.read();
                if (c >= 0) {
                    keepChars(String.valueOf((char) c));
                }
                return c;
            }

            @Override
            public int read(char[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    keepChars(new String(b, off, n));
                }
                return n;
            }

            @Override
            public String readLine() throws IOException {
                String line = in.readLine();
                if (line != null) {
                    keepChars(line + "\n");
                }
                return line;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = in.skip(n);
                if (skipped > 0) {
                    incomplete = true;
                }
                return skipped;
            }

            @Override
            public boolean ready() throws IOException {
                return in.ready();
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private void keepChars(String s) {
        if (incomplete) {
            return;
        }
        // A character is at least one byte: more characters than the limit cannot fit in bytes.
        if (chars.length() + s.length() > limit) {
            incomplete = true;
            chars = null;
            return;
        }
        chars.append(s);
    }

    private void keepByte(int b) {
        if (incomplete) {
            return;
        }
        if (size == limit) {
            incomplete = true;
            buffer = null;
            return;
        }
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(limit, buffer.length * 2));
        }
        buffer[size++] = (byte) b;
    }

    private void keep(byte[] b, int off, int len) {
        if (incomplete || len <= 0) {
            return;
        }
        if (size + len > limit) {
            incomplete = true;
            buffer = null;
            return;
        }
        if (size + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(limit, Math.max(buffer.length * 2, size + len)));
        }
        System.arraycopy(b, off, buffer, size, len);
        size += len;
    }

    /** The servlet form of {@link #tee(InputStream)}: reads copy through it, the rest goes to the container's stream. */
    private final class Tee extends ServletInputStream {

        private final ServletInputStream in;
        private final InputStream copying;

        Tee(ServletInputStream in) {
            this.in = in;
            this.copying = tee(in);
        }

        @Override
        public int read() throws IOException {
            return copying.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return copying.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return copying.skip(n);
        }

        @Override
        public int available() throws IOException {
            return copying.available();
        }

        @Override
        public void close() throws IOException {
            copying.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
