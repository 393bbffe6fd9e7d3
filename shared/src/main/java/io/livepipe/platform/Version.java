package io.livepipe.platform;

/** livepipe's version as the jar manifest states it, or "dev" in a build tree. */
public final class Version {
    private Version() { }

    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
