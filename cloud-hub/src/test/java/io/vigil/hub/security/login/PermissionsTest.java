package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.security.login.Permissions.Access;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PermissionsTest {

    @Test
    void readsOfTheApiAndMetricsNeedAViewerAndTheTwinIsOpen() {
        assertThat(Permissions.access(HttpMethod.GET, "/api/v1/assets")).isEqualTo(new Access.Needs(Role.VIEWER));
        assertThat(Permissions.access(HttpMethod.GET, "/api/v1/live")).isEqualTo(new Access.Needs(Role.VIEWER));
        assertThat(Permissions.access(HttpMethod.GET, "/metrics")).isEqualTo(new Access.Needs(Role.VIEWER));
        assertThat(Permissions.access(HttpMethod.GET, "/")).isEqualTo(new Access.Open());
        assertThat(Permissions.access(HttpMethod.GET, "/twin/app.js")).isEqualTo(new Access.Open());
        assertThat(Permissions.access(HttpMethod.POST, "/api/v1/login")).isEqualTo(new Access.Open());
    }

    @Test
    void aStateChangingMethodWithoutARowIsClosedToEveryone() {
        assertThat(Permissions.access(HttpMethod.POST, "/api/v1/assets")).isEqualTo(new Access.Unclassified());
        assertThat(Permissions.access(HttpMethod.DELETE, "/api/v1/series")).isEqualTo(new Access.Unclassified());
        assertThat(Permissions.access(HttpMethod.PUT, "/twin/index.html")).isEqualTo(new Access.Unclassified());
    }

    @Test
    void pathParametersMatchOneSegmentAndTrailingSlashesDoNotEscapeARow() {
        assertThat(Permissions.access(HttpMethod.DELETE, "/api/v1/users/bob")).isEqualTo(new Access.Needs(Role.ADMIN));
        assertThat(Permissions.access(HttpMethod.DELETE, "/api/v1/users/bob/x")).isEqualTo(new Access.Unclassified());
        assertThat(Permissions.access(HttpMethod.GET, "/api/v1/users/")).isEqualTo(new Access.Needs(Role.ADMIN));
        assertThat(Permissions.access(HttpMethod.HEAD, "/api/v1/users")).isEqualTo(new Access.Needs(Role.ADMIN));
    }

    @Test
    void adminGrantsEverythingAndTheMiddleRolesOnlyTheirOwnAndReading() {
        assertThat(Role.ADMIN.grants(Role.DATA_SCIENTIST)).isTrue();
        assertThat(Role.ENGINEER.grants(Role.VIEWER)).isTrue();
        assertThat(Role.ENGINEER.grants(Role.DATA_SCIENTIST)).isFalse();
        assertThat(Role.DATA_SCIENTIST.grants(Role.ENGINEER)).isFalse();
        assertThat(Role.VIEWER.grants(Role.ENGINEER)).isFalse();
        assertThat(Role.parse("Data-Scientist")).isEqualTo(Role.DATA_SCIENTIST);
    }

    @Test
    void anAgentMayCallOnlyTheRowsMarkedForAgentsAndOnlyWithItsOwnId() {
        assertThat(Permissions.agentAccess(HttpMethod.GET, "/api/v1/agents/edge-1/assignments", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.ALLOWED);
        assertThat(Permissions.agentAccess(HttpMethod.POST, "/api/v1/agents/edge-1/reports", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.ALLOWED);
        assertThat(Permissions.agentAccess(HttpMethod.GET, "/api/v1/models/pump-ae/versions/1.0.0/package", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.ALLOWED);
        assertThat(Permissions.agentAccess(HttpMethod.GET, "/api/v1/agents/edge-2/assignments", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.OTHER_AGENT);
        assertThat(Permissions.agentAccess(HttpMethod.POST, "/api/v1/agents/edge-2/reports/", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.OTHER_AGENT);
        assertThat(Permissions.agentAccess(HttpMethod.POST, "/api/v1/agents/edge-1/rebirth", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.NOT_FOR_AGENTS);
        assertThat(Permissions.agentAccess(HttpMethod.GET, "/api/v1/assets", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.NOT_FOR_AGENTS);
        assertThat(Permissions.agentAccess(HttpMethod.POST, "/api/v1/assets", "edge-1"))
                .isEqualTo(Permissions.AgentAccess.NOT_FOR_AGENTS);
    }

    @Test
    void theAgentRoleGrantsNothingByItselfAndIsNoUsersRole() {
        assertThat(Role.AGENT.grants(Role.VIEWER)).isFalse();
        assertThat(Role.ADMIN.grants(Role.AGENT)).isFalse();
        assertThat(Role.AGENT.human()).isFalse();
        Assertions.assertThatThrownBy(() -> Role.parse("agent")).hasMessageContaining("is not one of");
    }

    @Test
    void findsRoutesThatChangeStateWithoutARow() {
        var vertx = Vertx.vertx();
        try {
            var router = Router.router(vertx);
            router.post("/api/v1/login").handler(ctx -> {});
            router.delete("/api/v1/users/:name").handler(ctx -> {});
            router.get("/api/v1/assets").handler(ctx -> {});
            router.route("/api/*").handler(ctx -> {});
            router.post("/api/v1/unlisted").handler(ctx -> {});

            assertThat(HubSecurity.unclassified(router)).containsExactly("POST /api/v1/unlisted");
        } finally {
            vertx.close();
        }
    }
}
