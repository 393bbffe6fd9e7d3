package io.livepipe.encoder.publish;

/**
 * Which of a channel's two inputs a publisher uses: the primary ({@code /live/...}) or the backup
 * ({@code /backup/...}). Both may publish at once; one is archived, the other kept warm.
 */
public enum IngestInput {
    PRIMARY("primary"),
    BACKUP("backup");

    private final String wireName;

    IngestInput(String wireName) { this.wireName = wireName; }

    /** As events carry it. */
    public String wireName() { return wireName; }
}
