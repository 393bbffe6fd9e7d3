package io.livepipe.arm;

import static io.livepipe.arm.ArmJson.NODES;
import static io.livepipe.arm.ArmJson.clip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.livepipe.arm.ArmApi.Call;
import io.livepipe.storage.JsonDocuments;
import io.livepipe.storage.Versioned;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Long-running operations: every operation completes before it is answered, so the one a client polls has already Succeeded. */
record ArmOperations(JsonDocuments docs, Clock clock) {
    /**
     * 202 Accepted for a long-running operation that has already finished: the operation resource
     * the client polls ({@code Azure-AsyncOperation}) says Succeeded, its result ({@code Location})
     * is 204; {@code Retry-After: 1} keeps the client from waiting its default 30 s first.
     */
    ArmResponse accepted(Call c) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        docs.put(ArmDocuments.Operation.path(id), new ArmDocuments.Operation(id, "Succeeded", now, now));
        String q = "?api-version=" + c.version();
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Azure-AsyncOperation", c.accountUrl() + "/operationStatuses/" + id + q);
        h.put("Location", c.accountUrl() + "/operationResults/" + id + q);
        h.put("Retry-After", "1");
        h.put("Cache-Control", "no-store");
        return new ArmResponse(202, h, null);
    }

    ObjectNode operation(String id) {
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ArmRefusal.notFound("operation", clip(id));
        }
        ArmDocuments.Operation op = docs.read(ArmDocuments.Operation.path(id.toLowerCase(Locale.ROOT)), ArmDocuments.Operation.class)
                .map(Versioned::value).orElseThrow(() -> ArmRefusal.notFound("operation", id));
        ObjectNode o = NODES.objectNode();
        o.put("name", op.id());
        o.put("id", op.id());
        o.put("status", op.status());
        o.put("startTime", op.startTime().toString());
        o.put("endTime", op.endTime().toString());
        return o;
    }
}
