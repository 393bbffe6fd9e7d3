package io.livepipe.media.cmaf.bench;

/** Prints the bytes of samples one benchmark operation fragments, for bench/fragmenter.sh. */
public final class PrintBytes {
    private PrintBytes() { }

    public static void main(String[] args) {
        FragmenterBenchmark b = new FragmenterBenchmark();
        b.setUp();
        System.out.println(b.bytes());
    }
}
