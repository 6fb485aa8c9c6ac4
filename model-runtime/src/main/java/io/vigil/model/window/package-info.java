/**
 * How samples become the windows a model scores: {@link io.vigil.model.window.WindowAssembler} (sample-and-hold rows on
 * the agent's tick, a ring of {@code windowLength}, a window every {@code stride} rows). Pure Java, used by the edge
 * agent and by {@code vigil model score}, which replays a CSV through the same class.
 */
package io.vigil.model.window;
