/**
 * Benchmarks and load generators ({@code vigil bench NAME --json}). Each benchmark prints its figures as one JSON
 * object on its last line; docs/BENCHMARKS.md records them with the command and the machine.
 */
package io.vigil.bench;
