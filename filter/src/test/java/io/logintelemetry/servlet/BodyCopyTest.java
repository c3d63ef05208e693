package io.logintelemetry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The body copy as intake without a wrapper (the agent) feeds it: through a tee around the
 * application's own stream or reader. The requests themselves are tested on Tomcat with the agent
 * (Tomcat11AgentCaptureIT).
 */
class BodyCopyTest {

    private static final String JSON = "{\"to\":\"client-42\",\"body\":\"直接取引しましょう\"}";

    /** A request that only declares its character encoding: all the copy asks of it. */
    private static HttpServletRequest requestIn(String encoding) {
        return (HttpServletRequest) Proxy.newProxyInstance(BodyCopyTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> "getCharacterEncoding".equals(method.getName()) ? encoding : null);
    }

    @Test
    void aStreamTeeCopiesWhatTheApplicationReadsInAnyChunks() throws IOException {
        BodyCopy copy = new BodyCopy(requestIn(null), 1024);
        byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
        InputStream in = copy.tee(new ByteArrayInputStream(body));
        byte[] read = new byte[body.length];
        read[0] = (byte) in.read();
        int at = 1;
        for (int n; (n = in.read(read, at, Math.min(7, read.length - at))) > 0; ) {
            at += n;
        }
        assertThat(read).as("the application reads the body unchanged").isEqualTo(body);
        assertThat(copy.copy()).isEqualTo(body);
    }

    @Test
    void aReaderTeeCopiesCharactersAndLinesInTheRequestsEncoding() throws IOException {
        BodyCopy copy = new BodyCopy(requestIn("UTF-8"), 1024);
        BufferedReader reader = copy.tee(new BufferedReader(new StringReader("{\"a\":1,\n" + JSON.substring(1))));
        assertThat(reader.readLine()).isEqualTo("{\"a\":1,");
        StringBuilder rest = new StringBuilder();
        char[] buffer = new char[5];
        for (int n; (n = reader.read(buffer, 0, buffer.length)) >= 0; ) {
            rest.append(buffer, 0, n);
        }
        assertThat(rest.toString()).isEqualTo(JSON.substring(1));
        assertThat(new String(copy.copy(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1,\n" + JSON.substring(1));
    }

    @Test
    void aBodyOverTheLimitOrSkippedOverLeavesNoCopy() throws IOException {
        BodyCopy small = new BodyCopy(requestIn(null), 16);
        small.tee(new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8))).readAllBytes();
        assertThat(small.copy()).as("over the limit").isNull();

        BodyCopy smallReader = new BodyCopy(requestIn(null), 16);
        String read = new BufferedReader(smallReader.tee(new BufferedReader(new StringReader(JSON)))).lines().reduce("", String::concat);
        assertThat(read).as("the application still reads it all").isEqualTo(JSON);
        assertThat(smallReader.copy()).isNull();

        BodyCopy skipped = new BodyCopy(requestIn(null), 1024);
        InputStream in = skipped.tee(new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8)));
        in.skip(3);
        in.readAllBytes();
        assertThat(skipped.copy()).as("bytes skipped are bytes not copied").isNull();

        assertThat(new BodyCopy(requestIn(null), 1024).copy()).as("nothing read").isNull();
    }
}
