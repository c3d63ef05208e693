package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.Map;

class HecOutageTest extends OutageScenarios {

    @Override
    String path() {
        return "/services/collector/event";
    }

    @Override
    Map<String, String> sinkSettings() {
        Map<String, String> s = settings();
        s.put("logintelemetry.export.hec.url", baseUrl());
        s.put("logintelemetry.export.hec.token", "hec-token-0123456789");
        return s;
    }

    @Override
    ResponseDefinitionBuilder success() {
        return aResponse().withStatus(200).withBody("{\"text\":\"Success\",\"code\":0}");
    }

    @Override
    List<String> ids(ServeEvent request) {
        return lines(request.getRequest().getBodyAsString()).stream().map(n -> n.path("event").path("id").asText()).toList();
    }

    @Override
    String name() {
        return "hec";
    }
}
