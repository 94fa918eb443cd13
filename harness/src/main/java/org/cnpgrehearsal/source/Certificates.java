package org.cnpgrehearsal.source;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority and the server certificates it signs, generated fresh for each rehearsal. */
public final class Certificates {

    /** A PEM certificate and its private key. */
    public record Pem(String certificate, String privateKey) {
        public void write(Path certFile, Path keyFile) throws IOException {
            Files.writeString(certFile, certificate);
            Files.writeString(keyFile, privateKey);
        }
    }

    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final SecureRandom random = new SecureRandom();

    public Certificates(String caName) throws GeneralSecurityException, IOException {
        caKeys = keyPair();
        X500Name subject = new X500Name("CN=" + caName);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                subject, serial(), notBefore(), notAfter(), subject, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = sign(b, caKeys);
    }

    public String caPem() throws IOException {
        return pem(caCert);
    }

    /** A server certificate for {@code commonName} with the given DNS names and IP addresses as subject alternative names. */
    public Pem server(String commonName, String... altNames) throws GeneralSecurityException, IOException {
        KeyPair keys = keyPair();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + caCert.getSubjectX500Principal().getName().replaceFirst("^CN=", "")),
                serial(),
                notBefore(),
                notAfter(),
                new X500Name("CN=" + commonName),
                keys.getPublic());
        GeneralName[] names = new GeneralName[altNames.length];
        for (int i = 0; i < altNames.length; i++) {
            names[i] = new GeneralName(
                    altNames[i].matches("[0-9.]+") ? GeneralName.iPAddress : GeneralName.dNSName, altNames[i]);
        }
        if (names.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new Pem(pem(sign(b, caKeys)), pem(keys.getPrivate()));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private BigInteger serial() {
        return new BigInteger(64, random);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}
