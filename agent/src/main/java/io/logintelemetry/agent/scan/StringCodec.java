package io.logintelemetry.agent.scan;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Plain strings (account ids) for sort runs. */
final class StringCodec implements RecordCodec<String> {

    private static final int STRING_OVERHEAD = 56;

    @Override
    public void write(DataOutput out, String item) throws IOException {
        out.writeUTF(item);
    }

    @Override
    public String read(DataInput in) throws IOException {
        return in.readUTF();
    }

    @Override
    public long estimatedHeapBytes(String item) {
        return STRING_OVERHEAD + 2L * item.length();
    }
}
