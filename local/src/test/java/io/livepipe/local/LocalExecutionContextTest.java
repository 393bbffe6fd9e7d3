package io.livepipe.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LocalExecutionContextTest {
    @Test
    void invocationIdsAreDistinctVersion4Uuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = LocalExecutionContext.of("KeyDelivery").getInvocationId();
            UUID u = UUID.fromString(id);
            assertEquals(4, u.version());
            assertEquals(2, u.variant());
            assertEquals(u.toString(), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }
}
