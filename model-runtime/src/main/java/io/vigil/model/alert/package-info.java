/**
 * The alert rule the edge agent serves with ({@link io.vigil.model.alert.AlertRule}): which scores are anomalous and
 * which raise an event. The agent, the evaluations and {@code vigil model score} share it, so offline figures count
 * what a live agent does.
 */
package io.vigil.model.alert;
