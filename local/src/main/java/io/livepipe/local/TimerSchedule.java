package io.livepipe.local;

/**
 * How often the local host runs a timer function. Azure Functions schedules are six-field
 * NCRONTAB expressions; the local host honours the two forms livepipe uses — every N seconds
 * ({@code *}{@code /N * * * * *}) and every N minutes ({@code 0 *}{@code /N * * * *}) — as a fixed period, and runs
 * anything else once a minute.
 */
final class TimerSchedule {
    private TimerSchedule() { }

    static long periodSeconds(String ncrontab) {
        String[] f = ncrontab.trim().split("\\s+");
        if (f.length == 6) {
            if (f[0].startsWith("*/") && f[1].equals("*")) return parse(f[0].substring(2), 60);
            if (f[0].equals("0") && f[1].startsWith("*/")) return 60 * parse(f[1].substring(2), 1);
        }
        return 60;
    }

    private static long parse(String n, long fallback) {
        try {
            long v = Long.parseLong(n);
            return v > 0 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
