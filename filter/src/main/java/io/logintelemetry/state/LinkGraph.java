package io.logintelemetry.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accounts tied together by shared identifiers (identity documents, payout accounts, devices,
 * repeated shared IP addresses), grouped as they link: a union-find over accounts, so each new link
 * costs near-constant time and the groups are always current, whatever order the links come in.
 *
 * <p>Bounded: at most {@code maxAccounts} accounts and groups of at most {@code maxGroup}; a link
 * beyond either is counted ({@link #dropped()}) and ignored. Each group keeps its members, its first
 * {@value #LINKS_KEPT} links (evidence lists at most 20) and, per kind, the distinct identifiers
 * behind it; each account keeps its first {@value #NEIGHBOURS_KEPT} direct links, which is what
 * {@code review.collusion} asks about a reviewer and the reviewed, and hashes of its first
 * {@value #LINK_KEYS_KEPT} so that a link seen again is not counted again (past that, a link between two
 * accounts already in one group, both full, is taken as known: groups of many accounts re-linking on every
 * login stay stable, at worst a late link inside a very large group goes uncounted). Accounts stay until the store is
 * rebuilt: groups are meant to accumulate over the life of the platform, within the bound.
 *
 * <p>Thread-safe: one lock for the whole graph, held only for the few operations on it. Links are
 * rare next to requests (marketplace events, and a device or address gaining a second account).
 */
public final class LinkGraph {

    /** What ties two accounts, as the evidence names it. */
    public enum Kind {
        DOCUMENT("document", "documents"),
        PAYOUT("payout account", "payout accounts"),
        DEVICE("device", "devices"),
        IP("shared IP address", "shared IP addresses");

        private final String singular;
        private final String plural;

        Kind(String singular, String plural) {
            this.singular = singular;
            this.plural = plural;
        }

        /** "1 document", "2 devices". */
        public String count(int n) {
            return n + " " + (n == 1 ? singular : plural);
        }

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The accounts the links name (for the evidence, so exports can pseudonymise them in the link text). */
    public static Object[] mentionedAccounts(List<Link> links) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (Link l : kept(links)) {
            out.add(l.a());
            out.add(l.b());
        }
        return out.toArray();
    }

    /** The links an evidence list keeps: only those reach an output. */
    private static List<Link> kept(List<Link> links) {
        return links.subList(0, Math.min(links.size(), io.logintelemetry.flag.Evidence.MAX_LIST_ITEMS));
    }

    /** The addresses the links go through, for the same reason. */
    public static Object[] mentionedAddresses(List<Link> links) {
        return kept(links).stream().filter(l -> l.kind() == Kind.IP).map(Link::via).distinct().toArray();
    }

    /**
     * One link: {@code a} and {@code b} share {@code via} (a keyed hash, a device id or an address).
     */
    public record Link(String a, String b, Kind kind, String via) {
        /** "u1 ~ u2 (device d-1)". */
        @Override
        public String toString() {
            return a + " ~ " + b + " (" + kind.singular + " " + via + ")";
        }
    }

    /**
     * A group as it stands.
     *
     * @param members     every member, in the order they joined
     * @param links       the first links of the group
     * @param linkCount   how many links the group has in all
     * @param identifiers distinct identifiers per kind behind the links
     */
    public record Group(List<String> members, List<Link> links, int linkCount, Map<Kind, Integer> identifiers) {
        public int size() {
            return members.size();
        }
    }

    static final int LINKS_KEPT = 64;
    static final int NEIGHBOURS_KEPT = 16;
    private static final int IDENTIFIERS_KEPT = 64;
    /** Hashed keys of direct links kept per account, to tell a repeated link from a new one past the neighbours kept. */
    static final int LINK_KEYS_KEPT = 128;

    private final int maxAccounts;
    private final int maxGroup;
    private final Map<String, Node> nodes = new HashMap<>();
    private long dropped;

    private static final class Node {
        final String account;
        Node parent = this;
        List<Link> neighbours;
        // Hashes of this account's direct links (other account, kind, via), packed; grows to LINK_KEYS_KEPT.
        long[] linkKeys;
        int linkKeyCount;
        // Kept on roots only.
        List<String> members;
        List<Link> links;
        int linkCount;
        Map<Kind, Set<String>> identifiers;

        Node(String account) {
            this.account = account;
            this.members = new ArrayList<>(2);
            members.add(account);
        }
    }

    LinkGraph(int maxAccounts, int maxGroup) {
        this.maxAccounts = maxAccounts;
        this.maxGroup = maxGroup;
    }

    /**
     * Links {@code a} and {@code b} through {@code via}.
     *
     * @return whether the graph changed: a new link (merging two groups, or tying a group tighter)
     */
    public synchronized boolean link(String a, String b, Kind kind, String via) {
        if (a.equals(b)) {
            return false;
        }
        Node na = nodes.get(a);
        Node nb = nodes.get(b);
        int fresh = (na == null ? 1 : 0) + (nb == null ? 1 : 0);
        if (fresh > 0 && nodes.size() + fresh > maxAccounts) {
            dropped++;
            return false;
        }
        Link link = new Link(a, b, kind, via);
        long key = linkKey(a, b, kind, via);
        if (na != null && nb != null
                && (linked(na, b, kind, via) || hasKey(na, key) || hasKey(nb, key))) {
            return false;
        }
        Node ra = na == null ? null : find(na);
        Node rb = nb == null ? null : find(nb);
        if (ra != null && ra == rb && keysFull(na) && keysFull(nb)) {
            // Both accounts are past what they can remember and already in one group: taking this as a
            // new link would let a large team's repeated logins count over and over; it changes nothing.
            return false;
        }
        int sizeA = ra == null ? 1 : ra.members.size();
        int sizeB = rb == null ? 1 : rb.members.size();
        if (ra != rb || ra == null) {
            if (sizeA + sizeB > maxGroup) {
                dropped++;
                return false;
            }
        }
        if (na == null) {
            na = new Node(a);
            nodes.put(a, na);
            ra = na;
        }
        if (nb == null) {
            nb = new Node(b);
            nodes.put(b, nb);
            rb = nb;
        }
        addNeighbour(na, link);
        addNeighbour(nb, link);
        addKey(na, key);
        addKey(nb, key);
        Node root = ra == rb ? ra : union(ra, rb);
        root.linkCount++;
        if (root.links == null) {
            root.links = new ArrayList<>(4);
        }
        if (root.links.size() < LINKS_KEPT) {
            root.links.add(link);
        }
        if (root.identifiers == null) {
            root.identifiers = new EnumMap<>(Kind.class);
        }
        Set<String> ids = root.identifiers.computeIfAbsent(kind, k -> new LinkedHashSet<>());
        if (ids.size() < IDENTIFIERS_KEPT) {
            ids.add(via);
        }
        return true;
    }

    private static boolean linked(Node n, String other, Kind kind, String via) {
        if (n.neighbours != null) {
            for (Link l : n.neighbours) {
                if (l.kind == kind && l.via.equals(via) && (l.a.equals(other) || l.b.equals(other))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One key for a link whichever way round its accounts come: a 64-bit mix, collisions are negligible. */
    private static long linkKey(String a, String b, Kind kind, String via) {
        String lo = a.compareTo(b) <= 0 ? a : b;
        String hi = lo == a ? b : a;
        long h = kind.ordinal() + 1;
        h = mix(h * 0x9E3779B97F4A7C15L + lo.hashCode());
        h = mix(h * 0x9E3779B97F4A7C15L + hi.hashCode());
        h = mix(h * 0x9E3779B97F4A7C15L + via.hashCode());
        return mix(h + ((long) lo.length() << 40) + ((long) hi.length() << 20) + via.length());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static boolean hasKey(Node n, long key) {
        for (int i = 0; i < n.linkKeyCount; i++) {
            if (n.linkKeys[i] == key) {
                return true;
            }
        }
        return false;
    }

    private static boolean keysFull(Node n) {
        return n.linkKeyCount >= LINK_KEYS_KEPT;
    }

    private static void addKey(Node n, long key) {
        if (keysFull(n) || hasKey(n, key)) {
            return;
        }
        if (n.linkKeys == null) {
            n.linkKeys = new long[4];
        } else if (n.linkKeyCount == n.linkKeys.length) {
            n.linkKeys = java.util.Arrays.copyOf(n.linkKeys, Math.min(LINK_KEYS_KEPT, n.linkKeys.length * 2));
        }
        n.linkKeys[n.linkKeyCount++] = key;
    }

    private static void addNeighbour(Node n, Link link) {
        if (n.neighbours == null) {
            n.neighbours = new ArrayList<>(2);
        }
        if (n.neighbours.size() < NEIGHBOURS_KEPT) {
            n.neighbours.add(link);
        }
    }

    /** Union by size: the smaller group's members move to the larger one's root. */
    private static Node union(Node x, Node y) {
        Node big = x.members.size() >= y.members.size() ? x : y;
        Node small = big == x ? y : x;
        small.parent = big;
        big.members.addAll(small.members);
        if (small.links != null) {
            if (big.links == null) {
                big.links = new ArrayList<>(small.links.size());
            }
            for (Link l : small.links) {
                if (big.links.size() < LINKS_KEPT) {
                    big.links.add(l);
                }
            }
        }
        big.linkCount += small.linkCount;
        if (small.identifiers != null) {
            if (big.identifiers == null) {
                big.identifiers = new EnumMap<>(Kind.class);
            }
            small.identifiers.forEach((kind, ids) -> {
                Set<String> into = big.identifiers.computeIfAbsent(kind, k -> new LinkedHashSet<>());
                for (String id : ids) {
                    if (into.size() < IDENTIFIERS_KEPT) {
                        into.add(id);
                    }
                }
            });
        }
        small.members = null;
        small.links = null;
        small.identifiers = null;
        return big;
    }

    /** Path halving: each step points a node at its grandparent. */
    private static Node find(Node n) {
        while (n.parent != n) {
            n.parent = n.parent.parent;
            n = n.parent;
        }
        return n;
    }

    /** The group of {@code account}, or null if it has no link. */
    public synchronized Group group(String account) {
        Node n = nodes.get(account);
        if (n == null) {
            return null;
        }
        Node root = find(n);
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        if (root.identifiers != null) {
            root.identifiers.forEach((k, ids) -> counts.put(k, ids.size()));
        }
        return new Group(List.copyOf(root.members), root.links == null ? List.of() : List.copyOf(root.links),
                root.linkCount, Collections.unmodifiableMap(counts));
    }

    /** Size of the group of {@code account}: 0 without a link. */
    public synchronized int groupSize(String account) {
        Node n = nodes.get(account);
        return n == null ? 0 : find(n).members.size();
    }

    /** Whether both accounts are in one group. */
    public synchronized boolean sameGroup(String a, String b) {
        Node na = nodes.get(a);
        Node nb = nodes.get(b);
        return na != null && nb != null && find(na) == find(nb);
    }

    /**
     * The direct links between {@code a} and {@code b}, as far as the first
     * {@value #NEIGHBOURS_KEPT} links of either account go: a link is kept on both sides, so one
     * busy account does not hide its links to a quiet one.
     */
    public synchronized List<Link> linksBetween(String a, String b) {
        List<Link> result = new ArrayList<>();
        addLinksTo(nodes.get(a), b, result);
        addLinksTo(nodes.get(b), a, result);
        return result;
    }

    private static void addLinksTo(Node from, String other, List<Link> result) {
        if (from == null || from.neighbours == null) {
            return;
        }
        for (Link l : from.neighbours) {
            if ((l.a.equals(other) || l.b.equals(other)) && !result.contains(l)) {
                result.add(l);
            }
        }
    }

    /** Accounts in the graph. */
    public synchronized int size() {
        return nodes.size();
    }

    /** Links ignored because the graph or a group was full. */
    public synchronized long dropped() {
        return dropped;
    }

    // ---- binary form (StateCodec) ----

    /**
     * Writes the whole graph, under its monitor in one go (into memory; nothing goes to disk meanwhile):
     * a link made meanwhile waits for it, for a time proportional to the graph's size (README says so).
     */
    synchronized void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(dropped);
        out.writeInt(nodes.size());
        for (Node n : nodes.values()) {
            StateCodec.writeString(out, n.account);
            StateCodec.writeString(out, n.parent.account);
            writeLinks(out, n.neighbours);
            boolean root = n.parent == n;
            out.writeBoolean(root);
            if (root) {
                out.writeInt(n.members.size());
                for (String m : n.members) {
                    StateCodec.writeString(out, m);
                }
                writeLinks(out, n.links);
                out.writeInt(n.linkCount);
                out.writeInt(n.identifiers == null ? -1 : n.identifiers.size());
                if (n.identifiers != null) {
                    for (Map.Entry<Kind, Set<String>> e : n.identifiers.entrySet()) {
                        StateCodec.writeEnum(out, e.getKey());
                        out.writeInt(e.getValue().size());
                        for (String id : e.getValue()) {
                            StateCodec.writeString(out, id);
                        }
                    }
                }
            }
        }
    }

    private static void writeLinks(java.io.DataOutput out, List<Link> links) throws java.io.IOException {
        out.writeInt(links == null ? -1 : links.size());
        if (links != null) {
            for (Link l : links) {
                StateCodec.writeString(out, l.a);
                StateCodec.writeString(out, l.b);
                StateCodec.writeEnum(out, l.kind);
                StateCodec.writeString(out, l.via);
            }
        }
    }

    private static List<Link> readLinks(java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        StateCodec.check(n >= 0 && n <= StateCodec.MAX_ENTRIES, "link count " + n);
        List<Link> links = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String a = StateCodec.readString(in);
            String b = StateCodec.readString(in);
            Kind kind = StateCodec.readEnum(in, Kind.class);
            String via = StateCodec.readString(in);
            StateCodec.check(a != null && b != null && kind != null && via != null, "incomplete link");
            links.add(new Link(a, b, kind, via));
        }
        return links;
    }

    /**
     * Fills this empty graph from what {@link #write} wrote; a graph larger than this one's bound is
     * left out whole (its groups cannot be cut without making them wrong).
     *
     * @return the accounts restored
     */
    synchronized int read(java.io.DataInput in) throws java.io.IOException {
        long droppedBefore = in.readLong();
        int n = StateCodec.readCount(in, Integer.MAX_VALUE);
        Map<String, Node> read = new HashMap<>();
        Map<Node, String> parents = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String account = StateCodec.readString(in);
            String parent = StateCodec.readString(in);
            StateCodec.check(account != null && parent != null, "graph node without account");
            Node node = new Node(account);
            node.neighbours = readLinks(in);
            if (in.readBoolean()) {
                int members = StateCodec.readCount(in, Integer.MAX_VALUE);
                node.members = new ArrayList<>(Math.min(members, 1024));
                for (int k = 0; k < members; k++) {
                    node.members.add(StateCodec.readString(in));
                }
                node.links = readLinks(in);
                node.linkCount = in.readInt();
                int kinds = in.readInt();
                StateCodec.check(kinds >= -1 && kinds <= Kind.values().length, "identifier kinds");
                if (kinds >= 0) {
                    node.identifiers = new EnumMap<>(Kind.class);
                    for (int k = 0; k < kinds; k++) {
                        Kind kind = StateCodec.readEnum(in, Kind.class);
                        int ids = StateCodec.readCount(in, IDENTIFIERS_KEPT);
                        Set<String> set = new LinkedHashSet<>();
                        for (int j = 0; j < ids; j++) {
                            set.add(StateCodec.readString(in));
                        }
                        node.identifiers.put(kind, set);
                    }
                }
            } else {
                node.members = null;
            }
            StateCodec.check(read.put(account, node) == null, "account twice in the graph");
            parents.put(node, parent);
        }
        for (Map.Entry<Node, String> e : parents.entrySet()) {
            Node parent = read.get(e.getValue());
            StateCodec.check(parent != null, "graph node with an unknown parent");
            e.getKey().parent = parent;
        }
        for (Node node : read.values()) {
            StateCodec.check((node.parent == node) == (node.members != null), "graph roots");
        }
        if (n > maxAccounts) {
            return 0;
        }
        for (Node node : read.values()) {
            if (node.neighbours != null) {
                for (Link l : node.neighbours) {
                    addKey(node, linkKey(l.a, l.b, l.kind, l.via));
                }
            }
        }
        nodes.putAll(read);
        dropped = droppedBefore;
        return n;
    }
}
