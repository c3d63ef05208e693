package io.logintelemetry.agent.scan;

import io.logintelemetry.event.Event;
import io.logintelemetry.event.EventType;
import io.logintelemetry.net.IpAddress;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * A compact binary form of an already validated event for sort runs: no field names and no
 * re-parsing of timestamps or addresses when the runs are merged. Strings use
 * {@link DataOutput#writeUTF}, whose 64 KB limit is far above what {@link Event} keeps of any value.
 */
final class SortableEventCodec implements RecordCodec<SortableEvent> {

    private static final EventType[] TYPES = EventType.values();
    private static final byte NO_IP = 0;
    private static final byte IPV4 = 4;
    private static final byte IPV6 = 6;
    // Object headers, the Event, its builder-made map and the record: measured order of magnitude.
    private static final int FIXED_OVERHEAD = 320;
    private static final int PER_DETAIL_OVERHEAD = 96;

    @Override
    public void write(DataOutput out, SortableEvent item) throws IOException {
        Event e = item.event();
        out.writeLong(e.timestamp());
        out.writeByte(e.type().ordinal());
        out.writeInt(item.fileIndex());
        out.writeLong(item.line());
        writeNullable(out, e.account());
        IpAddress ip = e.ip();
        if (ip == null) {
            out.writeByte(NO_IP);
        } else if (ip.isV4()) {
            out.writeByte(IPV4);
            out.writeInt((int) ip.low());
        } else {
            out.writeByte(IPV6);
            out.writeLong(ip.high());
            out.writeLong(ip.low());
        }
        writeNullable(out, e.session());
        writeNullable(out, e.device());
        writeNullable(out, e.userAgent());
        Map<String, String> details = e.details();
        out.writeByte(details.size());
        for (Map.Entry<String, String> d : details.entrySet()) {
            out.writeUTF(d.getKey());
            out.writeUTF(d.getValue());
        }
    }

    @Override
    public SortableEvent read(DataInput in) throws IOException {
        long ts = in.readLong();
        EventType type = TYPES[in.readByte()];
        int fileIndex = in.readInt();
        long line = in.readLong();
        Event.Builder b = Event.builder(type, ts).account(readNullable(in));
        byte ipKind = in.readByte();
        if (ipKind == IPV4) {
            b.ip(IpAddress.ofV4(in.readInt()));
        } else if (ipKind == IPV6) {
            b.ip(IpAddress.ofV6(in.readLong(), in.readLong()));
        }
        b.session(readNullable(in)).device(readNullable(in)).userAgent(readNullable(in));
        int details = in.readUnsignedByte();
        for (int i = 0; i < details; i++) {
            b.detail(in.readUTF(), in.readUTF());
        }
        return new SortableEvent(b.build(), fileIndex, line);
    }

    @Override
    public long estimatedHeapBytes(SortableEvent item) {
        Event e = item.event();
        long bytes = FIXED_OVERHEAD + 2L * (length(e.account()) + length(e.session()) + length(e.device())
                + length(e.userAgent()));
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            bytes += PER_DETAIL_OVERHEAD + 2L * d.getValue().length();
        }
        return bytes;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
