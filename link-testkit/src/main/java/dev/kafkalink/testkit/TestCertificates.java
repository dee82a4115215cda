package dev.kafkalink.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made by the test, and PKCS12 key stores with certificates it signed: what
 * TLS and mutual-TLS clusters and registries need, without any file checked in. Every certificate
 * is valid for {@code localhost} and {@code 127.0.0.1} (servers and clients alike) and names its
 * owner in its subject, {@code CN=<name>,O=Kafka Link tests}, which is what brokers turn into the
 * principal {@code User:<name>} (see {@link #PRINCIPAL_MAPPING_RULES}).
 *
 * <p>Each store has its own random password, so that tests can look for it in logs and answers.
 */
public final class TestCertificates {

    /** Broker setting {@code ssl.principal.mapping.rules}: the certificate's CN is the user name. */
    public static final String PRINCIPAL_MAPPING_RULES = "RULE:^CN=([^,]+),.*$/$1/,DEFAULT";

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A PKCS12 file and its password (also the key's password). */
    public record Store(Path location, String password) {
    }

    private final Path folder;
    private final KeyPair authorityKeys;
    private final X500Name authorityName;
    private final X509Certificate authority;
    private final Store truststore;
    private final Map<String, Store> keystores = new HashMap<>();

    private TestCertificates(Path folder, KeyPair authorityKeys, X500Name authorityName, X509Certificate authority,
                             Store truststore) {
        this.folder = folder;
        this.authorityKeys = authorityKeys;
        this.authorityName = authorityName;
        this.authority = authority;
        this.truststore = truststore;
    }

    /** A new certificate authority in a temporary folder, and a trust store that holds only it. */
    public static TestCertificates create() {
        try {
            Path folder = Files.createTempDirectory("kafka-link-certificates");
            folder.toFile().deleteOnExit(); // after its files, which are registered later
            KeyPair keys = keyPair();
            X500Name name = name("CN=Kafka Link test CA " + HexFormat.of().toHexDigits(RANDOM.nextInt()));
            X509v3CertificateBuilder builder = builder(name, name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate authority = sign(builder, keys);
            KeyStore trust = emptyStore();
            trust.setCertificateEntry("ca", authority);
            Store truststore = save(trust, folder.resolve("truststore.p12"), password("truststore"));
            return new TestCertificates(folder, keys, name, authority, truststore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not make the test certificate authority", e);
        }
    }

    /** The trust store with the authority's certificate. */
    public Store truststore() {
        return truststore;
    }

    /** The key store of {@code name} (a user or a server), made on first use: its key and certificate, then the CA. */
    public synchronized Store keystore(String name) {
        return keystores.computeIfAbsent(name, this::issue);
    }

    /** A TLS context that presents {@code name}'s certificate and trusts only this authority (for HTTPS servers and clients). */
    public SSLContext sslContext(String name) {
        try {
            Store keys = keystore(name);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(load(keys), keys.password().toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not build a TLS context for " + name, e);
        }
    }

    /** A TLS context that trusts only this authority and presents no certificate. */
    public SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Could not build a TLS context", e);
        }
    }

    private TrustManagerFactory trustManagers() throws GeneralSecurityException, IOException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore));
        return trust;
    }

    private Store issue(String name) {
        try {
            KeyPair keys = keyPair();
            X509v3CertificateBuilder builder = builder(name("CN=" + name + ",O=Kafka Link tests"), authorityName, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
            X509Certificate certificate = sign(builder, authorityKeys);
            KeyStore store = emptyStore();
            String password = password(name);
            store.setKeyEntry(name, keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate, authority});
            return save(store, folder.resolve(name + "-keystore.p12"), password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Could not issue a test certificate for " + name, e);
        }
    }

    /** A name encoded as the JDK does, so that brokers read it back as written (RFC 2253 reverses the encoded order). */
    private static X500Name name(String distinguishedName) {
        return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name subject, X500Name issuer, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(30))), subject, subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signerKeys)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signerKeys.getPrivate())));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Store save(KeyStore store, Path location, String password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(location)) {
            store.store(out, password.toCharArray());
        }
        location.toFile().deleteOnExit();
        return new Store(location, password);
    }

    private static KeyStore load(Store store) throws GeneralSecurityException, IOException {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store.location())) {
            keyStore.load(in, store.password().toCharArray());
        }
        return keyStore;
    }

    private static String password(String owner) {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return owner.replaceAll("[^a-zA-Z0-9]", "") + "-store-" + HexFormat.of().formatHex(random);
    }
}
