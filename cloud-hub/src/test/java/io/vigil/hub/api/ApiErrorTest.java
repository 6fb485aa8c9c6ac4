package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void everyCodeIsUniqueDottedLowerCaseWithAClientOrServerErrorStatus() {
        assertThat(Arrays.stream(ApiError.values()).map(ApiError::code)).doesNotHaveDuplicates();
        assertThat(ApiError.values()).allSatisfy(e -> {
            // an underscore joins words inside a segment: the federated codes (fl.update.not_selected, ...) are the
            // protocol core's Rejection codes, used as they are so events and API answers name a refusal alike
            assertThat(e.code()).as(e.name()).matches("[a-z]+(\\.[a-z0-9]+(_[a-z0-9]+)*)*");
            assertThat(e.status()).as(e.name()).isBetween(400, 599);
            assertThat(e.description()).as(e.name()).isNotBlank();
        });
    }

    @Test
    void anExceptionCarriesTheCodeAndStatusOfItsErrorAndTheRequestsMessage() {
        var e = ApiError.SERIES_NOT_FOUND.exception("no series 'press/x'");

        assertThat(e.toJson().getMap())
                .containsEntry("code", "series.notfound")
                .containsEntry("status", 404)
                .containsEntry("message", "no series 'press/x'");
        assertThat(e.getStackTrace()).isEmpty();
    }
}
