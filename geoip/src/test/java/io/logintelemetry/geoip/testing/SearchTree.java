package io.logintelemetry.geoip.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The binary search tree of a MaxMind DB file, built in memory and then laid out as bytes.
 *
 * <p>Each level of the tree is one bit of the address, most significant first; a node holds two
 * records, left for a 0 bit and right for a 1 bit. A record is another node, "no data", or a pointer
 * into the data section. Here a record is a {@link Node}, {@code null} or a {@link Leaf}.
 *
 * <p><b>Overlapping networks: the most specific network wins, whatever the insertion order.</b>
 * Inserting inside a network that is already a leaf splits it: the new nodes' other records keep the
 * wider network's data. Inserting a network that already has more specific networks below it fills only
 * the records of that subtree that are empty or hold an even wider network. The same network inserted
 * twice is refused by {@link MmdbWriter}, as the second value would silently win.
 *
 * <p><b>IPv4 in an IPv6 tree</b> is stored under {@code ::/96} (IPv4 address {@code a.b.c.d} is the
 * tree path of {@code ::a.b.c.d}), which is where readers look when asked for an IPv4 address. As in
 * MaxMind's databases, the record for {@code ::ffff:0:0/96} is then made an alias of the one for
 * {@code ::/96}, so IPv4-mapped IPv6 addresses find the same data; the alias wins over any IPv6 network
 * that covers {@code ::ffff:0:0/96}. The alias makes the tree a graph with one node reached twice, which
 * the format allows (the node is stored once). MaxMind also aliases 6to4 ({@code 2002::/16}); that is
 * left out here so tests keep full control of the {@code 2002::/16} range.
 */
final class SearchTree {

    /** A pointer into the data section; {@code depth} is the prefix length of the network it came from. */
    record Leaf(Object value, int depth) {
    }

    static final class Node {
        private final Object[] records = new Object[2];

        Node(Object left, Object right) {
            records[0] = left;
            records[1] = right;
        }
    }

    /** The bits of an address in tree coordinates (an IPv4 address in an IPv6 tree starts with 96 zeros). */
    interface Path {
        int bit(int index);
    }

    private static final int IPV4_START_DEPTH = 96;

    private final int bitCount;
    private final Node root = new Node(null, null);

    SearchTree(int ipVersion) {
        this.bitCount = ipVersion == 4 ? 32 : 128;
    }

    /** Places {@code network}'s value in the tree; the network must fit this tree's IP version. */
    void insert(MmdbNetwork network, Object value) {
        if (bitCount == 32) {
            if (!network.isV4()) {
                throw new IllegalArgumentException("IPv6 network " + network + " in an IPv4 (ip_version 4) database");
            }
            insert(network::bit, network.prefixLength(), new Leaf(value, network.prefixLength()));
        } else if (network.isV4()) {
            int depth = IPV4_START_DEPTH + network.prefixLength();
            Path path = i -> i < IPV4_START_DEPTH ? 0 : network.bit(i - IPV4_START_DEPTH);
            insert(path, depth, new Leaf(value, depth));
        } else {
            insert(network::bit, network.prefixLength(), new Leaf(value, network.prefixLength()));
        }
    }

    private void insert(Path path, int depth, Leaf leaf) {
        if (depth == 0) {
            // The whole address space: the root itself must stay a node, so both halves get the data.
            fill(root, 0, leaf);
            fill(root, 1, leaf);
            return;
        }
        Node node = descend(path, depth - 1);
        fill(node, path.bit(depth - 1), leaf);
    }

    /** The node at {@code depth} along {@code path}, splitting leaves and creating nodes on the way. */
    private Node descend(Path path, int depth) {
        Node node = root;
        for (int i = 0; i < depth; i++) {
            int b = path.bit(i);
            Object child = node.records[b];
            if (!(child instanceof Node)) {
                // A wider network (or nothing) ends here: both halves keep what the record held.
                Node split = new Node(child, child);
                node.records[b] = split;
                child = split;
            }
            node = (Node) child;
        }
        return node;
    }

    private static void fill(Node node, int side, Leaf leaf) {
        Object current = node.records[side];
        if (current instanceof Node child) {
            fill(child, 0, leaf);
            fill(child, 1, leaf);
        } else if (current == null || ((Leaf) current).depth() < leaf.depth()) {
            node.records[side] = leaf;
        }
    }

    /** Points {@code ::ffff:0:0/96} at whatever {@code ::/96} holds; call after the last insert. */
    void aliasIpv4Mapped() {
        if (bitCount != 128) {
            return;
        }
        Object ipv4Root = descend(i -> 0, IPV4_START_DEPTH - 1).records[0];
        Node mappedParent = descend(i -> i >= 80 ? 1 : 0, IPV4_START_DEPTH - 1);
        mappedParent.records[1] = ipv4Root;
    }

    /** Nodes numbered breadth-first from the root (which must be node 0), each node once. */
    Layout layout() {
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        Deque<Node> queue = new ArrayDeque<>();
        numbers.put(root, 0);
        order.add(root);
        queue.add(root);
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            for (Object record : node.records) {
                if (record instanceof Node child && !numbers.containsKey(child)) {
                    numbers.put(child, order.size());
                    order.add(child);
                    queue.add(child);
                }
            }
        }
        return new Layout(order, numbers);
    }

    /** The tree's nodes in file order. */
    static final class Layout {
        private final List<Node> nodes;
        private final Map<Node, Integer> numbers;

        private Layout(List<Node> nodes, Map<Node, Integer> numbers) {
            this.nodes = nodes;
            this.numbers = numbers;
        }

        int nodeCount() {
            return nodes.size();
        }

        /** Every leaf in file order, once per record that holds it. */
        List<Leaf> leaves() {
            List<Leaf> leaves = new ArrayList<>();
            for (Node node : nodes) {
                for (Object record : node.records) {
                    if (record instanceof Leaf leaf) {
                        leaves.add(leaf);
                    }
                }
            }
            return leaves;
        }

        /**
         * The encoded tree. Record values follow the spec: below the node count a node number, equal to
         * it "no data", above it a data-section offset plus node count plus 16 (the separator's length).
         */
        byte[] toBytes(int recordSize, ToIntFunction<Leaf> dataOffset) {
            int nodeBytes = recordSize * 2 / 8;
            byte[] out = new byte[nodes.size() * nodeBytes];
            long limit = 1L << recordSize;
            for (int n = 0; n < nodes.size(); n++) {
                long left = recordValue(nodes.get(n).records[0], dataOffset);
                long right = recordValue(nodes.get(n).records[1], dataOffset);
                if (left >= limit || right >= limit) {
                    throw new IllegalStateException("record value does not fit in " + recordSize + " bits");
                }
                writeNode(out, n * nodeBytes, recordSize, left, right);
            }
            return out;
        }

        private long recordValue(Object record, ToIntFunction<Leaf> dataOffset) {
            if (record == null) {
                return nodes.size();
            }
            if (record instanceof Node node) {
                return numbers.get(node);
            }
            return (long) nodes.size() + 16 + dataOffset.applyAsInt((Leaf) record);
        }

        /**
         * 24 and 32-bit records are two big-endian integers. A 28-bit node is seven bytes: the low 24 bits
         * of the left record, one byte whose high nibble is the left record's top four bits and whose low
         * nibble is the right record's, then the low 24 bits of the right record.
         */
        private static void writeNode(byte[] out, int at, int recordSize, long left, long right) {
            switch (recordSize) {
                case 24 -> {
                    put(out, at, left, 3);
                    put(out, at + 3, right, 3);
                }
                case 28 -> {
                    put(out, at, left & 0xFF_FFFF, 3);
                    out[at + 3] = (byte) (((left >>> 24) << 4) | (right >>> 24));
                    put(out, at + 4, right & 0xFF_FFFF, 3);
                }
                case 32 -> {
                    put(out, at, left, 4);
                    put(out, at + 4, right, 4);
                }
                default -> throw new IllegalArgumentException("record size must be 24, 28 or 32: " + recordSize);
            }
        }

        private static void put(byte[] out, int at, long value, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out[at + i] = (byte) (value >>> (8 * (bytes - 1 - i)));
            }
        }
    }
}
