package io.logintelemetry.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away private CA made by openssl for the test, a server certificate it signed for
 * 127.0.0.1, a trust store of the given type holding only that CA, for our client, and a PKCS12
 * key store with a client certificate the CA signed, for a server that asks clients for one.
 * (The export module's rsyslog tests make theirs the same way; test sources are not shared
 * between modules.)
 */
record TestCertificates(Path ca, Path serverCert, Path serverKey, Path trustStore, String trustStorePassword,
                        Path clientKeyStore, String clientKeyStorePassword) {

    static TestCertificates create(Path dir, String storeType) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca-key.pem");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("server.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "2", "-subj", "/CN=Login Telemetry Redis Test CA " + dir.getFileName(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=localhost");
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        String password = "redis-trust-password";
        Path trust = dir.resolve("trust." + storeType.toLowerCase(java.util.Locale.ROOT));
        try {
            KeyStore store = KeyStore.getInstance(storeType);
            store.load(null, null);
            try (InputStream in = Files.newInputStream(ca)) {
                store.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            try (OutputStream out = Files.newOutputStream(trust)) {
                store.store(out, password.toCharArray());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
        Path clientKey = dir.resolve("client-key.pem");
        Path clientCsr = dir.resolve("client.csr");
        Path clientCert = dir.resolve("client.pem");
        Path clientExt = dir.resolve("client.ext");
        Files.writeString(clientExt, "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n");
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", clientKey.toString(), "-out", clientCsr.toString(),
                "-subj", "/CN=login-telemetry-node");
        openssl(dir, "x509", "-req", "-in", clientCsr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", clientCert.toString(), "-days", "2", "-extfile", clientExt.toString());
        String clientPassword = "redis-client-password";
        Path clientStore = dir.resolve("client.p12");
        openssl(dir, "pkcs12", "-export", "-in", clientCert.toString(), "-inkey", clientKey.toString(),
                "-name", "node", "-out", clientStore.toString(), "-passout", "pass:" + clientPassword);
        return new TestCertificates(ca, cert, key, trust, password, clientStore, clientPassword);
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("openssl failed: " + Files.readString(log));
        }
    }
}
