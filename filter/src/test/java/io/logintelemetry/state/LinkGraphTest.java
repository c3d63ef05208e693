package io.logintelemetry.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The link graph's own bounds, as the review and group detectors meet them. */
class LinkGraphTest {

    @Test
    void aBusyAccountDoesNotHideItsLinkToAQuietOne() {
        LinkGraph graph = new LinkGraph(10_000, 1_000);
        for (int i = 0; i < LinkGraph.NEIGHBOURS_KEPT + 4; i++) {
            assertThat(graph.link("busy", "other-" + i, LinkGraph.Kind.DEVICE, "dev-" + i)).isTrue();
        }
        assertThat(graph.link("busy", "quiet", LinkGraph.Kind.DOCUMENT, "k:abc")).isTrue();
        // busy keeps only its first links; quiet keeps this one.
        assertThat(graph.linksBetween("busy", "quiet")).containsExactly(
                new LinkGraph.Link("busy", "quiet", LinkGraph.Kind.DOCUMENT, "k:abc"));
        assertThat(graph.linksBetween("quiet", "busy")).hasSize(1);
    }

    @Test
    void aLinkKeptOnBothSidesIsListedOnce() {
        LinkGraph graph = new LinkGraph(10_000, 1_000);
        graph.link("a", "b", LinkGraph.Kind.DEVICE, "dev-1");
        graph.link("a", "b", LinkGraph.Kind.PAYOUT, "k:p");
        assertThat(graph.linksBetween("a", "b")).hasSize(2);
        assertThat(graph.linksBetween("a", "c")).isEmpty();
        assertThat(graph.linksBetween("x", "y")).isEmpty();
    }
}
