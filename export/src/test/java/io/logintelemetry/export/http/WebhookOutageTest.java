package io.logintelemetry.export.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.List;
import java.util.Map;

class WebhookOutageTest extends OutageScenarios {

    @Override
    String path() {
        return "/hook";
    }

    @Override
    Map<String, String> sinkSettings() {
        Map<String, String> s = settings();
        s.put("logintelemetry.export.webhook.url", baseUrl() + "/hook");
        s.put("logintelemetry.export.webhook.secret", "webhook-secret-0123456789");
        return s;
    }

    @Override
    ResponseDefinitionBuilder success() {
        return aResponse().withStatus(202);
    }

    @Override
    List<String> ids(ServeEvent request) {
        return List.of(request.getRequest().getHeader("X-LoginTelemetry-Flag-Id"));
    }

    @Override
    String name() {
        return "webhook";
    }
}
