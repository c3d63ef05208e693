package io.logintelemetry.geoip;

import io.logintelemetry.intel.NetworkType;
import io.logintelemetry.net.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The Tor Project's bulk exit list ({@code https://check.torproject.org/torbulkexitlist}: one address a
 * line, {@code #} comments). Lines of the older exit-addresses format ({@code ExitAddress 192.0.2.1 date})
 * are read too. A few thousand addresses: a hash set answers without allocating.
 */
final class TorExitList implements IpSource, Loaded {

    static final String SOURCE = "Tor exit list";

    private final Set<IpAddress> exits;
    private final String summary;

    private TorExitList(Set<IpAddress> exits, String summary) {
        this.exits = exits;
        this.summary = summary;
    }

    /**
     * Reads one list.
     *
     * @throws IOException when unreadable or without a single address (a failed download must not
     *                     empty a good list)
     */
    static TorExitList load(Path file) throws IOException {
        String fileName = TextFiles.name(file);
        Set<IpAddress> exits = new HashSet<>();
        LineErrors errors = new LineErrors();
        try (BufferedReader in = TextFiles.open(file)) {
            String line;
            long number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                if (text.startsWith("ExitAddress ")) {
                    String[] parts = text.split("\\s+");
                    text = parts[1];
                } else if (text.startsWith("ExitNode ") || text.startsWith("Published ") || text.startsWith("LastStatus ")) {
                    continue;
                }
                IpAddress ip = IpAddress.parse(text).orElse(null);
                if (ip == null) {
                    errors.add(fileName, number, "not an IP address: " + TextFiles.quote(text));
                } else {
                    exits.add(ip);
                }
            }
        }
        if (exits.isEmpty()) {
            throw new IOException("no exit address in the file" + errors.describe());
        }
        return new TorExitList(Set.copyOf(exits), exits.size() + " exit addresses" + errors.describe());
    }

    int size() {
        return exits.size();
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public void contribute(Draft draft) {
        if (exits.contains(draft.ip())) {
            draft.type(NetworkType.TOR, SOURCE);
        }
    }
}
