package io.vigil.adapters.sim;

import java.util.Locale;

/**
 * A failure the simulated pump shows, named after the SKAB experiments it imitates. {@link #REPLAYED} marks an
 * anomaly taken from the {@code anomaly} column of a replayed CSV, whose cause the file does not say.
 */
public enum FaultKind {
    /** Valve partly closed: flow drops, pressure rises, the motor current shifts down. */
    VALVE_CLOSURE,
    /** Suction pressure too low: pressure drops and fluctuates, vibration and flow turn noisy. */
    CAVITATION,
    /** Unbalanced rotor: both vibrations rise strongly, the current oscillates. */
    ROTOR_IMBALANCE,
    /** An anomaly labelled in a replayed file. */
    REPLAYED;

    /** The spelling in logs and on the command line: {@code valve_closure}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
