package io.livepipe.protection;

import java.util.List;
import java.util.Map;

/** The JSON body of a content key policy create; see {@link ContentKeyPolicyService#create}. */
public record ContentKeyPolicyRequest(String name, String restriction, String issuer, String audience,
                                      Map<String, String> requiredClaims, Boolean requireContentKeyIdentifierClaim,
                                      List<Map<String, Object>> verificationKeys) { }
