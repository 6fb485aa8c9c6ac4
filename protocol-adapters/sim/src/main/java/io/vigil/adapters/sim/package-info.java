/**
 * The plant simulator ({@code vigil sim}): pumps with SKAB's eight signals, served by a real Modbus TCP slave (j2mod)
 * and a real OPC UA server (Milo) on one host, so agents and drivers are tested against peers written by others.
 *
 * <p>{@link io.vigil.adapters.sim.PlantSimulator} runs it; {@link io.vigil.adapters.sim.PumpModel} is the synthetic
 * pump with scheduled faults ({@link io.vigil.adapters.sim.FaultSchedule}), {@link io.vigil.adapters.sim.CsvReplay}
 * replays a SKAB file instead; {@link io.vigil.adapters.sim.PumpTags} is the published layout and
 * {@link io.vigil.adapters.sim.FaultInterval} the ground truth for scoring detectors.
 */
package io.vigil.adapters.sim;
