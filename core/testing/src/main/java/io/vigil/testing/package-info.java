/**
 * The tests' kit, shared by every module's tests (and the bench): {@link io.vigil.testing.Ports free ports},
 * {@link io.vigil.testing.Await bounded waits}, a {@link io.vigil.testing.MutableClock clock tests advance},
 * {@link io.vigil.testing.SharedData the shared data sets} and launchers of the real peers ({@link
 * io.vigil.testing.Mosquitto}, {@link io.vigil.testing.DebianPostgres}, {@link io.vigil.testing.ProtocolPeers},
 * {@link io.vigil.testing.Chromium}).
 *
 * <p>Every peer is found through {@link io.vigil.testing.Peers#require}: a missing one fails the test with its name
 * and the command that installs it, so {@code ./vigil test} and CI never turn a missing peer into a green build that
 * tested less. A developer running one test by hand may opt into skipping with {@code -Dvigil.peers.optional=true}.
 * Launchers that need the applications' classes (hub nodes, test agents) stay in those modules' test trees and build
 * on these primitives; this module depends on no Vigil module.
 */
package io.vigil.testing;
