package io.livepipe.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    @Test
    void firstKeySignsAndPublicJwksOmitsPrivatePartsAndSymmetricKeys() throws Exception {
        SigningKeys es = SigningKeys.generateEs256("ec-1");
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("hs-1").algorithm(JWSAlgorithm.HS256).generate();
        SigningKeys all = SigningKeys.of(List.of(es.signingKey(), oct,
                new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256).generate()));
        SigningKeys parsed = SigningKeys.parse(all.toSecretJson());
        assertEquals("ec-1", parsed.signingKey().getKeyID());
        assertEquals(3, parsed.keys().size());
        Map<String, Object> jwks = parsed.publicJwks();
        JWKSet pub = JWKSet.parse(jwks);
        assertEquals(List.of("ec-1", "rsa-1"), pub.getKeys().stream().map(k -> k.getKeyID()).toList());
        pub.getKeys().forEach(k -> assertFalse(k.isPrivate(), k.getKeyID() + " is published with its private part"));
        String text = JWKSet.parse(jwks).toString();
        assertFalse(text.contains("\"d\""), "no private exponent or scalar");
        assertFalse(text.contains(oct.getKeyValue().toString()), "no symmetric key");
        assertFalse(parsed.toString().contains(oct.getKeyValue().toString()));
        assertTrue(parsed.toString().contains("hs-1"));
    }

    @Test
    void rejectsKeysWithoutKidOrAlgOrOfTheWrongTypeOrPublicOnly() throws Exception {
        var noKid = new OctetSequenceKeyGenerator(256).algorithm(JWSAlgorithm.HS256).generate();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(noKid))).getMessage().contains("kid"));
        var noAlg = new OctetSequenceKeyGenerator(256).keyID("x").generate();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(noAlg))).getMessage().contains("alg"));
        var mislabeled = new OctetSequenceKeyGenerator(256).keyID("x").algorithm(JWSAlgorithm.ES256).generate();
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(mislabeled)));
        var shortHmac = new OctetSequenceKeyGenerator(128).keyID("x").algorithm(JWSAlgorithm.HS256).generate();
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(shortHmac)));
        var publicOnly = SigningKeys.generateEs256("p").signingKey().toPublicJWK();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(publicOnly))).getMessage().contains("private"));
        var es = SigningKeys.generateEs256("dup").signingKey();
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.of(List.of(es, es)));
        assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("{\"keys\":[]}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningKeys.parse("{not json"));
        assertFalse(e.getMessage().contains("not json"), "the message does not echo the setting");
    }
}
