package io.tilekv.store.redis.servers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * A self-signed certificate for 127.0.0.1/localhost and its key, as the PEM files redis-server
 * reads, made with the JDK's keytool (no openssl needed). The certificate is its own CA.
 */
public record TlsFiles(Path cert, Path key) {

  public static TlsFiles create(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
    Path store = dir.resolve("tls.p12");
    char[] pw = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes());
    if (keytool.waitFor() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, pw);
    }
    PrivateKey key = (PrivateKey) ks.getKey("redis", pw);
    TlsFiles files = new TlsFiles(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    Files.writeString(files.cert(), pem("CERTIFICATE", ks.getCertificate("redis").getEncoded()));
    Files.writeString(files.key(), pem("PRIVATE KEY", key.getEncoded()));
    return files;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
