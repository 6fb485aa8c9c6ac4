package io.vigil.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.json.Json;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ModelManifestTest {
    private static final String SHA = "a".repeat(64);

    static ModelManifest manifest(int windowLength, int stride) {
        return new ModelManifest(
                "pump-ae",
                "1.0.0",
                "anomaly",
                List.of("flow", "pressure"),
                windowLength,
                stride,
                new Scaler(new double[] {30, 0.2}, new double[] {1.5, 0.05}),
                0.9,
                "windows",
                "score",
                SHA,
                "synthetic pump, 4000 rows");
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        var mapper = Json.mapper();
        var original = manifest(20, 1);
        var read = mapper.readValue(mapper.writeValueAsString(original), ModelManifest.class);
        assertThat(read).isEqualTo(original);
        assertThat(read.featureCount()).isEqualTo(40);
        assertThat(read.ref()).isEqualTo("pump-ae@1.0.0");
    }

    @Test
    void rejectsAStrideLongerThanTheWindow() {
        assertThatThrownBy(() -> manifest(5, 6)).hasMessageContaining("stride 6 not in 1..windowLength (5)");
    }

    @Test
    void rejectsAScalerOfTheWrongWidth() {
        assertThatThrownBy(() -> new ModelManifest(
                        "m",
                        "1.0.0",
                        "anomaly",
                        List.of("a", "b", "c"),
                        4,
                        1,
                        new Scaler(new double[] {0, 0}, new double[] {1, 1}),
                        1,
                        "in",
                        "out",
                        SHA,
                        null))
                .hasMessageContaining("scaler has 2 entries but inputTags has 3");
    }

    @Test
    void rejectsUnknownFieldsInJson() throws Exception {
        String json = Json.mapper().writeValueAsString(manifest(20, 1)).replaceFirst("\\{", "{\"bogus\":1,");
        assertThatThrownBy(() -> Json.mapper().readValue(json, ModelManifest.class))
                .hasMessageContaining("bogus");
    }

    @Test
    void rejectsANonPositiveScale() {
        assertThatThrownBy(() -> new Scaler(new double[] {0}, new double[] {0}))
                .hasMessageContaining("entry 0 (mean 0.0, scale 0.0) is invalid");
    }

    @Test
    void keepsTheDriftReferenceOptionalAndOutOfTheJsonWhenAbsent() throws Exception {
        var mapper = Json.mapper();
        assertThat(mapper.writeValueAsString(manifest(20, 1))).doesNotContain("reference");

        var rows = new double[][] {{29, 0.1}, {30, 0.2}, {31, 0.3}};
        var withRef =
                manifest(20, 1).withReference(Reference.fit(List.of("flow", "pressure"), rows, new float[] {1, 2}));
        var read = mapper.readValue(mapper.writeValueAsString(withRef), ModelManifest.class);

        assertThat(read).isEqualTo(withRef);
        assertThat(read.reference().features().get(0).quantiles())
                .startsWith(29.0)
                .endsWith(31.0)
                .hasSize(21);
        assertThat(read.reference().score().name()).isEqualTo("score");
    }

    @Test
    void rejectsAReferenceWhoseFeaturesAreNotTheInputTags() {
        var ref = Reference.fit(List.of("pressure", "flow"), new double[][] {{1, 2}}, new float[] {1});
        assertThatThrownBy(() -> manifest(20, 1).withReference(ref))
                .hasMessageContaining("reference features [pressure, flow] differ from inputTags [flow, pressure]");
    }

    static Calibration calibration(double quantileScore) {
        return new Calibration(
                Calibration.QUANTILE,
                0.99,
                1.5,
                quantileScore,
                Calibration.DEFAULT_FLOOR,
                1,
                100,
                new Distribution("score", new double[] {0.1, 0.2, 0.4, 0.6}));
    }

    @Test
    void roundTripsTheCalibrationThroughJsonAndKeepsItOutWhenAbsent() throws Exception {
        var mapper = Json.mapper();
        var calibrated = manifest(20, 1).withThreshold(0.9, calibration(0.6));
        var read = mapper.readValue(mapper.writeValueAsString(calibrated), ModelManifest.class);
        assertThat(read).isEqualTo(calibrated);
        assertThat(read.calibration().threshold()).isEqualTo(0.9, Assertions.within(1e-12));
        assertThat(mapper.writeValueAsString(manifest(20, 1))).doesNotContain("calibration");
    }

    @Test
    void refusesAThresholdTheCalibrationDoesNotGive() {
        assertThatThrownBy(() -> manifest(20, 1).withThreshold(1.2, calibration(0.6)))
                .hasMessageContaining("threshold 1.2 differs from the calibration")
                .hasMessageContaining("1.5 x quantile 0.99");
    }

    @Test
    void floorsTheCalibratedThresholdAboveZeroForFlatTrainingScores() {
        Calibration flat = calibration(0.0);
        assertThat(flat.threshold()).isEqualTo(Calibration.DEFAULT_FLOOR);
        assertThat(manifest(20, 1)
                        .withThreshold(Calibration.DEFAULT_FLOOR, flat)
                        .threshold())
                .isPositive();
    }

    @Test
    void calibratedScoreIsTheShareOfNormalWindowsScoringAtLeastAsHigh() {
        Calibration c = calibration(0.6);
        assertThat(c.pNormal(0.05)).isEqualTo(1.0);
        assertThat(c.pNormal(0.2)).isCloseTo(2.0 / 3, Assertions.within(1e-12));
        assertThat(c.pNormal(0.3)).isCloseTo(0.5, Assertions.within(1e-12));
        assertThat(c.pNormal(0.6))
                .as("beyond every normal window: 1 / (windows + 1)")
                .isEqualTo(1.0 / 101);
        assertThat(c.pNormal(140)).isEqualTo(1.0 / 101);
    }
}
