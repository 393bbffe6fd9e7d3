package io.livepipe.protection.cpix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepipe.http.Refusal;
import io.livepipe.media.TrackType;
import io.livepipe.protection.ContentKey;
import io.livepipe.protection.TrackKey;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The CPIX document against its namespaces and structure, with the delivery data decrypted back
 * by OpenSSL (the recipient's private key never enters Java): RSA-OAEP for the document and MAC
 * keys, AES-256-CBC for each content key, HMAC-SHA512 over IV and ciphertext.
 */
class CpixWriterTest {
    @TempDir
    static Path dir;
    static String certPem;

    @BeforeAll
    static void recipient() throws Exception {
        Assumptions.assumeTrue(run("openssl", "version").exitValue() == 0, "openssl is required");
        Process p = run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=cpix-recipient");
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        certPem = Files.readString(dir.resolve("cert.pem"));
    }

    static Process run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd[0]);
        }
        return p;
    }

    static byte[] opensslDecryptOaep(byte[] cipher) throws Exception {
        Path in = Files.write(dir.resolve("in.bin"), cipher);
        Path out = dir.resolve("out.bin");
        Process p = run("openssl", "pkeyutl", "-decrypt", "-inkey", dir.resolve("key.pem").toString(), "-in", in.toString(),
                "-out", out.toString(), "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha1");
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        return Files.readAllBytes(out);
    }

    static byte[] opensslAesCbcDecrypt(byte[] key, byte[] ivAndCipher) throws Exception {
        HexFormat hex = HexFormat.of();
        Path in = Files.write(dir.resolve("ct.bin"), java.util.Arrays.copyOfRange(ivAndCipher, 16, ivAndCipher.length));
        Path out = dir.resolve("pt.bin");
        Process p = run("openssl", "enc", "-d", "-aes-256-cbc", "-K", hex.formatHex(key),
                "-iv", hex.formatHex(java.util.Arrays.copyOf(ivAndCipher, 16)), "-in", in.toString(), "-out", out.toString());
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes()));
        return Files.readAllBytes(out);
    }

    static Element only(Element parent, String ns, String local) {
        NodeList l = parent.getElementsByTagNameNS(ns, local);
        assertEquals(1, l.getLength(), local);
        return (Element) l.item(0);
    }

    static byte[] cipherValue(Element encryptedValue) {
        return Base64.getDecoder().decode(only(encryptedValue, CpixWriter.ENC_NS, "CipherValue").getTextContent().trim());
    }

    @Test
    void contentKeysDecryptBackThroughTheDeliveryData() throws Exception {
        SecureRandom random = new SecureRandom();
        ContentKey video = ContentKey.generate(random);
        ContentKey audio = ContentKey.generate(random);
        String xml = CpixWriter.write("asset-1", List.of(new TrackKey(TrackType.VIDEO, video), new TrackKey(TrackType.AUDIO, audio)),
                CpixRecipient.fromPem(certPem), random);
        for (ContentKey k : List.of(video, audio)) {
            assertFalse(xml.contains(Base64.getEncoder().encodeToString(k.key())), "a content key in the clear");
            assertFalse(xml.contains(HexFormat.of().formatHex(k.key())));
        }

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element root = d.getDocumentElement();
        assertEquals(CpixWriter.CPIX_NS, root.getNamespaceURI());
        assertEquals("CPIX", root.getLocalName());
        assertEquals("asset-1", root.getAttribute("contentId"));
        assertEquals("2.3", root.getAttribute("version"));

        Element delivery = only(only(root, CpixWriter.CPIX_NS, "DeliveryDataList"), CpixWriter.CPIX_NS, "DeliveryData");
        byte[] cert = Base64.getDecoder().decode(only(only(delivery, CpixWriter.CPIX_NS, "DeliveryKey"), CpixWriter.DS_NS, "X509Certificate").getTextContent().trim());
        assertArrayEquals(CpixRecipient.fromPem(certPem).certificate().getEncoded(), cert);
        Element docKey = only(delivery, CpixWriter.CPIX_NS, "DocumentKey");
        assertEquals(CpixWriter.AES256_CBC, docKey.getAttribute("Algorithm"));
        Element docKeyValue = only(only(docKey, CpixWriter.PSKC_NS, "Secret"), CpixWriter.PSKC_NS, "EncryptedValue");
        assertEquals(CpixWriter.RSA_OAEP_MGF1P, only(docKeyValue, CpixWriter.ENC_NS, "EncryptionMethod").getAttribute("Algorithm"));
        byte[] documentKey = opensslDecryptOaep(cipherValue(docKeyValue));
        assertEquals(32, documentKey.length);
        Element macMethod = only(delivery, CpixWriter.CPIX_NS, "MACMethod");
        assertEquals(CpixWriter.HMAC_SHA512, macMethod.getAttribute("Algorithm"));
        byte[] macKey = opensslDecryptOaep(cipherValue(only(macMethod, CpixWriter.CPIX_NS, "Key")));
        assertEquals(64, macKey.length);

        NodeList keys = only(root, CpixWriter.CPIX_NS, "ContentKeyList").getElementsByTagNameNS(CpixWriter.CPIX_NS, "ContentKey");
        assertEquals(2, keys.getLength());
        for (int i = 0; i < 2; i++) {
            Element ck = (Element) keys.item(i);
            ContentKey expected = i == 0 ? video : audio;
            assertEquals(expected.keyIdText(), ck.getAttribute("kid"));
            Element secret = only(ck, CpixWriter.PSKC_NS, "Secret");
            Element ev = only(secret, CpixWriter.PSKC_NS, "EncryptedValue");
            assertEquals(CpixWriter.AES256_CBC, only(ev, CpixWriter.ENC_NS, "EncryptionMethod").getAttribute("Algorithm"));
            byte[] ivAndCipher = cipherValue(ev);
            assertEquals(16 + 32, ivAndCipher.length, "IV then two AES blocks (16 key bytes + PKCS#7 padding)");
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(macKey, "HmacSHA512"));
            byte[] valueMac = Base64.getDecoder().decode(only(secret, CpixWriter.PSKC_NS, "ValueMAC").getTextContent().trim());
            assertEquals(true, MessageDigest.isEqual(mac.doFinal(ivAndCipher), valueMac), "ValueMAC is HMAC-SHA512 over IV and ciphertext");
            assertArrayEquals(expected.key(), opensslAesCbcDecrypt(documentKey, ivAndCipher));
        }

        NodeList drm = only(root, CpixWriter.CPIX_NS, "DRMSystemList").getElementsByTagNameNS(CpixWriter.CPIX_NS, "DRMSystem");
        assertEquals(4, drm.getLength());
        assertEquals(List.of(video.keyIdText() + " " + CpixWriter.WIDEVINE, video.keyIdText() + " " + CpixWriter.PLAYREADY,
                        audio.keyIdText() + " " + CpixWriter.WIDEVINE, audio.keyIdText() + " " + CpixWriter.PLAYREADY),
                java.util.stream.IntStream.range(0, 4).mapToObj(i -> (Element) drm.item(i))
                        .map(e -> e.getAttribute("kid") + " " + e.getAttribute("systemId")).toList());
        NodeList rules = root.getElementsByTagNameNS(CpixWriter.CPIX_NS, "ContentKeyUsageRule");
        assertEquals("VIDEO", ((Element) rules.item(0)).getAttribute("intendedTrackType"));
    }

    @Test
    void refusesToWriteWithoutARecipientOrWithAWeakOne() throws Exception {
        assertEquals(400, assertThrows(Refusal.class, () -> CpixRecipient.fromPem(null)).status());
        assertEquals(400, assertThrows(Refusal.class, () -> CpixRecipient.fromPem("not pem")).status());
        assertEquals(400, assertThrows(Refusal.class,
                () -> CpixRecipient.fromPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")).status());
        Process p = run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("eckey.pem").toString(), "-out", dir.resolve("ec.pem").toString(), "-days", "2", "-subj", "/CN=ec");
        assertEquals(0, p.exitValue());
        assertEquals(400, assertThrows(Refusal.class, () -> CpixRecipient.fromPem(Files.readString(dir.resolve("ec.pem")))).status());
    }
}
