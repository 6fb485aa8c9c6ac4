/**
 * The plant simulator ({@code vigil sim}), the {@code vigil-sim} module (protocol-adapters/sim): pumps with SKAB's
 * eight signals, served by a real Modbus TCP slave (j2mod) and a real OPC UA server (Milo) on one host, so agents and
 * drivers are tested against peers written by others.
 *
 * <p>{@link io.vigil.adapters.sim.PlantSimulator} runs it; {@link io.vigil.adapters.sim.PumpModel} is the synthetic
 * pump with scheduled faults ({@link io.vigil.adapters.sim.FaultSchedule}), {@link io.vigil.adapters.sim.CsvReplay}
 * replays a SKAB file instead; {@link io.vigil.adapters.sim.PumpTags} is the published layout and
 * {@link io.vigil.adapters.sim.FaultInterval} the ground truth for scoring detectors.
 * {@link io.vigil.adapters.sim.OpcUaLoadServer} is a Milo server with many changing variables for the subscription
 * benchmark and ITs.
 *
 * <p>The simulator depends on core only, not on the drivers or the scanner; the drivers' ITs use it as a peer (test
 * scope), which is why its own IT that reads the plant through Vigil's drivers, {@code PlantSimulatorIT}, lives in the
 * drivers' module.
 */
package io.vigil.adapters.sim;
