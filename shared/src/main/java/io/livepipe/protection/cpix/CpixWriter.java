package io.livepipe.protection.cpix;

import io.livepipe.protection.TrackKey;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Writes a CPIX 2.3 document of content keys encrypted for one recipient. Pure: keys, recipient
 * and randomness in, XML text out. A fresh 256-bit document key and 512-bit MAC key per document,
 * a fresh IV per content key, as CPIX 2.3 §6.2 prescribes.
 */
public final class CpixWriter {
    public static final String CPIX_NS = "urn:dashif:org:cpix";
    public static final String PSKC_NS = "urn:ietf:params:xml:ns:keyprov:pskc";
    public static final String DS_NS = "http://www.w3.org/2000/09/xmldsig#";
    public static final String ENC_NS = "http://www.w3.org/2001/04/xmlenc#";
    public static final String AES256_CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";
    public static final String RSA_OAEP_MGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p";
    public static final String HMAC_SHA512 = "http://www.w3.org/2001/04/xmldsig-more#hmac-sha512";
    public static final UUID WIDEVINE = UUID.fromString("edef8ba9-79d6-4ace-a3c8-27dcd51d21ed");
    public static final UUID PLAYREADY = UUID.fromString("9a04f079-9840-4286-ab92-e65be0885f95");

    private CpixWriter() { }

    public static String write(String contentId, List<TrackKey> keys, CpixRecipient recipient, SecureRandom random) {
        byte[] documentKey = new byte[32];
        byte[] macKey = new byte[64];
        random.nextBytes(documentKey);
        random.nextBytes(macKey);
        try {
            Document d = newDocument();
            Element root = d.createElementNS(CPIX_NS, "cpix:CPIX");
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:cpix", CPIX_NS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:pskc", PSKC_NS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds", DS_NS);
            root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:enc", ENC_NS);
            root.setAttribute("contentId", contentId);
            root.setAttribute("version", "2.3");
            d.appendChild(root);

            Element delivery = child(root, CPIX_NS, "cpix:DeliveryDataList");
            Element data = child(delivery, CPIX_NS, "cpix:DeliveryData");
            Element x509 = child(child(data, CPIX_NS, "cpix:DeliveryKey"), DS_NS, "ds:X509Data");
            text(child(x509, DS_NS, "ds:X509Certificate"), b64(recipient.certificate().getEncoded()));
            Element docKey = child(data, CPIX_NS, "cpix:DocumentKey");
            docKey.setAttribute("Algorithm", AES256_CBC);
            Element docKeySecret = child(child(docKey, CPIX_NS, "cpix:Data"), PSKC_NS, "pskc:Secret");
            encryptedValue(docKeySecret, PSKC_NS, "pskc:EncryptedValue", RSA_OAEP_MGF1P, rsaOaep(recipient, documentKey));
            Element mac = child(data, CPIX_NS, "cpix:MACMethod");
            mac.setAttribute("Algorithm", HMAC_SHA512);
            encryptedValue(mac, CPIX_NS, "cpix:Key", RSA_OAEP_MGF1P, rsaOaep(recipient, macKey));

            Element list = child(root, CPIX_NS, "cpix:ContentKeyList");
            for (TrackKey k : keys) {
                Element ck = child(list, CPIX_NS, "cpix:ContentKey");
                ck.setAttribute("kid", k.key().keyIdText());
                Element secret = child(child(ck, CPIX_NS, "cpix:Data"), PSKC_NS, "pskc:Secret");
                byte[] ivAndCiphertext = aesCbc(documentKey, k.key().key(), random);
                encryptedValue(secret, PSKC_NS, "pskc:EncryptedValue", AES256_CBC, ivAndCiphertext);
                text(child(secret, PSKC_NS, "pskc:ValueMAC"), b64(hmac(macKey, ivAndCiphertext)));
            }
            Element drm = child(root, CPIX_NS, "cpix:DRMSystemList");
            for (TrackKey k : keys) {
                for (UUID system : List.of(WIDEVINE, PLAYREADY)) {
                    Element s = child(drm, CPIX_NS, "cpix:DRMSystem");
                    s.setAttribute("kid", k.key().keyIdText());
                    s.setAttribute("systemId", system.toString());
                }
            }
            if (keys.stream().anyMatch(k -> k.track() != null)) {
                Element rules = child(root, CPIX_NS, "cpix:ContentKeyUsageRuleList");
                for (TrackKey k : keys) {
                    if (k.track() == null) continue;
                    Element rule = child(rules, CPIX_NS, "cpix:ContentKeyUsageRule");
                    rule.setAttribute("kid", k.key().keyIdText());
                    rule.setAttribute("intendedTrackType", k.track().wireName().toUpperCase(java.util.Locale.ROOT));
                    child(rule, CPIX_NS, k.track() == io.livepipe.media.TrackType.VIDEO ? "cpix:VideoFilter" : "cpix:AudioFilter");
                }
            }
            return serialize(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt the CPIX delivery data", e);
        } finally {
            java.util.Arrays.fill(documentKey, (byte) 0);
            java.util.Arrays.fill(macKey, (byte) 0);
        }
    }

    private static byte[] rsaOaep(CpixRecipient r, byte[] secret) throws GeneralSecurityException {
        // rsa-oaep-mgf1p: OAEP with SHA-1 and MGF1-SHA-1 (XML Encryption §5.4.2), what CPIX names
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        c.init(Cipher.ENCRYPT_MODE, r.certificate().getPublicKey());
        return c.doFinal(secret);
    }

    private static byte[] aesCbc(byte[] key, byte[] plain, SecureRandom random) throws GeneralSecurityException {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        byte[] ct = c.doFinal(plain);
        byte[] out = new byte[16 + ct.length];
        System.arraycopy(iv, 0, out, 0, 16);
        System.arraycopy(ct, 0, out, 16, ct.length);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac m = Mac.getInstance("HmacSHA512");
        m.init(new SecretKeySpec(key, "HmacSHA512"));
        return m.doFinal(data);
    }

    private static void encryptedValue(Element parent, String ns, String name, String algorithm, byte[] cipherValue) {
        Element ev = child(parent, ns, name);
        child(ev, ENC_NS, "enc:EncryptionMethod").setAttribute("Algorithm", algorithm);
        text(child(child(ev, ENC_NS, "enc:CipherData"), ENC_NS, "enc:CipherValue"), b64(cipherValue));
    }

    private static Element child(Element parent, String ns, String qname) {
        Element e = parent.getOwnerDocument().createElementNS(ns, qname);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element e, String text) { e.appendChild(e.getOwnerDocument().createTextNode(text)); }

    private static String b64(byte[] b) { return Base64.getEncoder().encodeToString(b); }

    private static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serialize(Document d) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(d), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
