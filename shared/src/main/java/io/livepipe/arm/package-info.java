/**
 * The Azure Media Services v3 face of livepipe: the Azure Resource Manager shape of the retired
 * service's management API ({@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Media/mediaservices/{account}/...},
 * api-versions 2018-07-01 to 2023-01-01) over the same services as livepipe's own {@code /api/...}
 * routes — one state, two faces. Live events are channels, live outputs programs, streaming
 * locators locators; assets, content key policies and the default streaming endpoint map onto
 * theirs. What only AMS had (a live event's access token, encoding type and host name prefix, an
 * asset created before anything records into it, a locator's name) is kept beside livepipe's
 * documents under {@code arm/} in the state store; the access token only sealed under the
 * key-encryption key.
 *
 * <p>Follows the ARM RPC contract (github.com/cloud-and-ai-microsoft/resource-provider-contract):
 * error bodies {@code {"error":{"code","message"}}} (§ "Error response content"), long-running
 * operations answered 201/202 with {@code Azure-AsyncOperation} and {@code Location}
 * (§ "Asynchronous operations"), and the AMS v3 REST specification (azure-rest-api-specs,
 * {@code specification/mediaservices}) for the resources' JSON. Every operation completes before
 * it is answered, so the operation a client polls has already Succeeded. Left out: transforms,
 * jobs, account filters, asset filters, tracks, custom streaming policies, SAS container URLs,
 * and locators' validity window ({@code startTime}/{@code endTime} are refused).
 *
 * <p>One class per job: {@link io.livepipe.arm.ArmApi} routes (bearer, api-version, account,
 * path), one class per resource family answers ({@code ArmLiveEvents}, {@code ArmLiveOutputs},
 * {@code ArmAssets}, {@code ArmLocators}, {@code ArmStreamingPolicies},
 * {@link io.livepipe.arm.ArmContentKeyPolicies}, {@code ArmStreamingEndpoints}),
 * {@code ArmOperations} answers the long-running operations, {@code ArmJson} shapes the JSON, and
 * {@code ArmRefusal} turns every {@link io.livepipe.http.Refusal} — livepipe's services' and the
 * face's own, which carry ARM's error codes — into ARM's error shape. The family classes are
 * records of the services they answer from: they hold no state of their own.
 */
package io.livepipe.arm;
