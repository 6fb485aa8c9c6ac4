package io.vigil.edge.registry;

import io.vigil.edge.rollout.RolloutStage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What {@link RegistrySync} needs of the running agent: its models' versions and the ways to change them. */
public interface ModelHost {
    /** The ids of the models this agent scores with. */
    List<String> modelIds();

    /** The version of {@code model} serving now. */
    String servingVersion(String model);

    /** The candidate version of {@code model} (offered or in rollout), if any. */
    Optional<String> candidateVersion(String model);

    /** The candidate's stage, if a rollout runs. */
    Optional<RolloutStage> candidateStage(String model);

    /** Loads the package in {@code dir} off the scoring thread and starts its rollout in SHADOW. */
    CompletionStage<?> startCandidate(Path dir);

    /** Loads the package in {@code dir} off the scoring thread and swaps it in as the serving version. */
    CompletionStage<?> serve(Path dir);

    /** Orders the candidate {@code version} of {@code model} to {@code stage} with the next batch. */
    void order(String model, String version, RolloutStage stage, String reason);
}
