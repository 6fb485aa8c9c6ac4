/**
 * Windows: a {@link WindowAssembler} per asset turns samples into rows on a fixed tick and hands a {@link
 * ReadyWindow} to scoring every stride.
 */
package io.vigil.edge.window;
