/**
 * {@code vigil model score}: {@link io.vigil.model.backtest.Backtest} replays a CSV through a model package the way a
 * live agent serving it would (the agent's window assembly, scoring and alert rule), so a package can be checked on
 * past data before it is pushed.
 */
package io.vigil.model.backtest;
