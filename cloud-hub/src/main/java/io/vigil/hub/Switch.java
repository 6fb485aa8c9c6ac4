package io.vigil.hub;

/** An on/off option whose {@code auto} the command decides from what it finds (a CA, a certificate). */
enum Switch {
    on,
    off,
    auto
}
