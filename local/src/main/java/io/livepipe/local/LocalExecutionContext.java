package io.livepipe.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.UUID;
import java.util.logging.Logger;

/** The execution context the local host hands to each invocation, as the Functions worker does. */
record LocalExecutionContext(String getFunctionName, String getInvocationId, Logger getLogger)
        implements ExecutionContext {
    static LocalExecutionContext of(String functionName) {
        return new LocalExecutionContext(functionName, UUID.randomUUID().toString(),
                Logger.getLogger("Function." + functionName));
    }
}
