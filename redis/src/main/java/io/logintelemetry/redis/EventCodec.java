package io.logintelemetry.redis;

import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;

/**
 * An activity event as one Redis string: what another node needs to record it for the account
 * (time, address, device, user agent), tagged with the node that saw it and its number there. Fields are separated by
 * the ASCII unit separator, which is removed from the values; unreadable entries decode to null.
 */
final class EventCodec {

    private static final char SEP = '\u001f';
    private static final int MAX_AGENT = 512;

    private EventCodec() {
    }

    /**
     * @param number the event's number on this node: two events alike in every field stay apart in
     *               the log, and a retry of one is recognised as itself (see {@link Scripts})
     */
    static String encode(String node, long number, Event event) {
        StringBuilder b = new StringBuilder(104);
        b.append(node).append(SEP).append(event.type().name()).append(SEP).append(event.timestamp()).append(SEP);
        append(b, event.account());
        b.append(SEP);
        append(b, event.ip() == null ? null : event.ip().toString());
        b.append(SEP);
        append(b, event.device());
        b.append(SEP);
        String agent = event.userAgent();
        append(b, agent != null && agent.length() > MAX_AGENT ? agent.substring(0, MAX_AGENT) : agent);
        return b.append(SEP).append(number).toString();
    }

    private static void append(StringBuilder b, String value) {
        if (value != null) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != SEP) {
                    b.append(c);
                }
            }
        }
    }

    /** The node that saw an entry ({@code seq|node...}), or null. */
    static String nodeOf(String entry) {
        int bar = entry.indexOf('|');
        int sep = entry.indexOf(SEP);
        return bar < 0 || sep < bar ? null : entry.substring(bar + 1, sep);
    }

    /** The event of an entry as stored ({@code seq|encoded}), or null when it cannot be read. */
    static Event decode(String entry) {
        try {
            String[] f = entry.substring(entry.indexOf('|') + 1).split(String.valueOf(SEP), -1);
            if (f.length < 7 || f[3].isEmpty()) { // 8 since events carry their number; more may come
                return null;
            }
            Event.Builder b = Event.builder(EventType.valueOf(f[1]), Long.parseLong(f[2])).account(f[3]);
            if (!f[4].isEmpty()) {
                IpAddress ip = IpAddress.parse(f[4]).orElse(null);
                if (ip != null) {
                    b.ip(ip);
                }
            }
            if (!f[5].isEmpty()) {
                b.device(f[5]);
            }
            if (!f[6].isEmpty()) {
                b.userAgent(f[6]);
            }
            return b.build();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
