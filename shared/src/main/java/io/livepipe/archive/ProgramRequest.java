package io.livepipe.archive;

import io.livepipe.http.Refusal;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The JSON body of a program create: name, optional asset name, archive window (ISO-8601, default PT1H). */
public record ProgramRequest(String name, String assetName, String archiveWindow) {
    public Duration window() {
        if (archiveWindow == null) return null;
        try {
            return Duration.parse(archiveWindow);
        } catch (DateTimeParseException e) {
            throw new Refusal(Refusal.Reason.BAD_REQUEST, "archiveWindow must be an ISO-8601 duration such as PT1H");
        }
    }
}
