package io.livepipe.channel;

import io.livepipe.http.Refusal;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may connect: an empty list allows everyone (the retired service's default of
 * 0.0.0.0/0); otherwise an address must fall in one of the ranges.
 */
public record IpAllowList(List<String> ranges) {
    public static final int MAX_RANGES = 64;

    public IpAllowList {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        if (ranges.size() > MAX_RANGES) throw Refusal.badRequest("at most " + MAX_RANGES + " IP ranges");
        List<String> normal = new ArrayList<>();
        for (String r : ranges) normal.add(Cidr.parse(r).toString());
        ranges = List.copyOf(normal);
    }

    public static IpAllowList anyone() { return new IpAllowList(List.of()); }

    public boolean allows(InetAddress address) {
        if (ranges.isEmpty()) return true;
        for (String r : ranges) {
            if (Cidr.parse(r).contains(address)) return true;
        }
        return false;
    }
}
