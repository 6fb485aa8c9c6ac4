/**
 * A candidate model version beside the serving one: the {@link Rollout} state machine (shadow, canary, promote or
 * roll back; pure logic) judges {@link WindowOutcome}s under a {@link RolloutPolicy}, {@link CanaryAssets} picks
 * the canary's assets, and each step is a {@link RolloutDecision}.
 */
package io.vigil.edge.rollout;
