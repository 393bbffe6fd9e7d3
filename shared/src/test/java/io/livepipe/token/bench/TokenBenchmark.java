package io.livepipe.token.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.livepipe.token.PlaybackTokenIssuer;
import io.livepipe.token.PlaybackTokenVerifier;
import io.livepipe.token.SigningKeys;
import io.livepipe.token.TokenRestriction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Playback token sign/s and verify/s for ES256 and HS256 through the issuer and verifier, each
 * beside the raw JDK operation (Signature SHA256withECDSA, Mac HmacSHA256) over the same signing
 * input: the ratio is what Nimbus, claims building/parsing and our checks cost on top of the
 * crypto. bench/tokens.sh prints the figures.
 */
@Tag("benchmark")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmark {
    static final String LOCATOR = "0123456789abcdef0123456789abcdef";
    static final UUID KEY = UUID.fromString("8f2c0b6e-3d1a-4c5e-9b7f-1a2b3c4d5e6f");

    PlaybackTokenIssuer esIssuer;
    PlaybackTokenIssuer hsIssuer;
    PlaybackTokenVerifier verifier;
    TokenRestriction esRestriction;
    TokenRestriction hsRestriction;
    String esToken;
    String hsToken;
    byte[] esInput;
    byte[] esSignature;
    byte[] hsInput;
    Signature ecSign;
    Signature ecVerify;
    Mac hmac;

    @Setup
    public void setUp() throws Exception {
        Clock clock = Clock.systemUTC();
        SigningKeys es = SigningKeys.generateEs256("ec-1");
        OctetSequenceKey oct = new OctetSequenceKeyGenerator(256).keyID("hs-1").algorithm(JWSAlgorithm.HS256).generate();
        SigningKeys hs = SigningKeys.of(List.of(oct));
        esIssuer = new PlaybackTokenIssuer(es, "livepipe", "livepipe-playback", clock, new SecureRandom());
        hsIssuer = new PlaybackTokenIssuer(hs, "livepipe", "livepipe-playback", clock, new SecureRandom());
        verifier = new PlaybackTokenVerifier(clock);
        esRestriction = TokenRestriction.platform("livepipe", "livepipe-playback", es, true);
        hsRestriction = TokenRestriction.platform("livepipe", "livepipe-playback", hs, true);
        esToken = esIssuer.issue(LOCATOR, Duration.ofDays(1), Map.of(), KEY).token();
        hsToken = hsIssuer.issue(LOCATOR, Duration.ofDays(1), Map.of(), KEY).token();
        esInput = esToken.substring(0, esToken.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        hsInput = hsToken.substring(0, hsToken.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
        ECKey ec = (ECKey) es.signingKey();
        ecSign = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecSign.initSign(ec.toECPrivateKey());
        ecVerify = Signature.getInstance("SHA256withECDSAinP1363Format");
        ecVerify.initVerify(ec.toECPublicKey());
        esSignature = Base64.getUrlDecoder().decode(esToken.substring(esToken.lastIndexOf('.') + 1));
        hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(oct.toByteArray(), "HmacSHA256"));
    }

    @Benchmark
    public String signEs256() { return esIssuer.issue(LOCATOR, Duration.ofHours(1), Map.of(), KEY).token(); }

    @Benchmark
    public Object verifyEs256() { return verifier.verify(esToken, esRestriction, LOCATOR, KEY); }

    @Benchmark
    public byte[] jdkSignEs256() throws Exception {
        ecSign.update(esInput);
        return ecSign.sign();
    }

    @Benchmark
    public boolean jdkVerifyEs256() throws Exception {
        ecVerify.update(esInput);
        return ecVerify.verify(esSignature);
    }

    @Benchmark
    public String signHs256() { return hsIssuer.issue(LOCATOR, Duration.ofHours(1), Map.of(), KEY).token(); }

    @Benchmark
    public Object verifyHs256() { return verifier.verify(hsToken, hsRestriction, LOCATOR, KEY); }

    /** The reference for both HS256 sign and verify: one HMAC over the signing input. */
    @Benchmark
    public byte[] jdkHmacHs256() { return hmac.doFinal(hsInput); }
}
