package io.livepipe.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/** The execution context the local host hands to each invocation, as the Functions worker does. */
record LocalExecutionContext(String getFunctionName, String getInvocationId, Logger getLogger)
        implements ExecutionContext {
    static LocalExecutionContext of(String functionName) {
        return new LocalExecutionContext(functionName, invocationId(), Logger.getLogger("Function." + functionName));
    }

    /**
     * A random (version 4) UUID, as the worker's invocation ids are, from the thread's own
     * generator: an invocation id is a name, not a secret, and the shared SecureRandom of
     * {@link UUID#randomUUID()} is a lock every request would queue on.
     */
    static String invocationId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }
}
