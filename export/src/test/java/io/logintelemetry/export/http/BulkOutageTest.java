package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class BulkOutageTest extends OutageScenarios {

    @Override
    String path() {
        return "/_bulk";
    }

    @Override
    Map<String, String> sinkSettings() {
        Map<String, String> s = settings();
        s.put("logintelemetry.export.ecs.url", baseUrl());
        s.put("logintelemetry.export.ecs.api-key", "YXBpLWtleS1zZWNyZXQ=");
        return s;
    }

    @Override
    ResponseDefinitionBuilder success() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"took\":1,\"errors\":false,\"items\":[]}");
    }

    @Override
    List<String> ids(ServeEvent request) {
        List<JsonNode> lines = lines(request.getRequest().getBodyAsString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 2) {
            ids.add(lines.get(i).path("create").path("_id").asText());
        }
        return ids;
    }

    @Override
    String name() {
        return "ecs";
    }
}
