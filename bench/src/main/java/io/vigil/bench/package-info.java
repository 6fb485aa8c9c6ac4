/**
 * Benchmarks and load generators ({@code vigil bench NAME --json}). Every bench command extends
 * {@link io.vigil.bench.BenchRun}, which owns the family's shape (option check, progress on stderr, {@code --json} as
 * one JSON object on the last line of stdout, a scratch directory removed afterwards), so each command holds only its
 * options and hands the work to its algorithm class ({@code inference}, {@code ingest}, {@code protocol},
 * {@code query}). docs/BENCHMARKS.md records the figures with the command and the machine. The module also holds the
 * whole-project ArchUnit rules, since it sees every module's classes.
 */
package io.vigil.bench;
