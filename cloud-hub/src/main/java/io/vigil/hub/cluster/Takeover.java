package io.vigil.hub.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over one MQTT session of a hub that left the cluster, and tries again when that fails (the broker briefly
 * unreachable, the dead hub's connection not yet timed out at the broker): after 2, 4, 8 and 16 s, five attempts in
 * all, then gives up with an ERROR line that names the session, since what the broker holds there waits until that
 * hub comes back. Stops trying as soon as a member of the cluster announces the session again (the hub came back and
 * resumed it itself), because draining a live hub's client id would disconnect it.
 */
final class Takeover {
    private static final Logger log = LoggerFactory.getLogger(Takeover.class);
    static final int ATTEMPTS = 5;
    static final long FIRST_DELAY_MS = 2_000;

    private final Function<String, Future<Long>> drain;
    private final Predicate<String> claimed;
    private final BiConsumer<Long, Runnable> later;

    /**
     * @param drain empties one session, completing with the number of messages taken over
     * @param claimed whether a current member announces the session (then it is not ours to take)
     * @param later runs the action after the delay in milliseconds
     */
    Takeover(Function<String, Future<Long>> drain, Predicate<String> claimed, BiConsumer<Long, Runnable> later) {
        this.drain = drain;
        this.claimed = claimed;
        this.later = later;
    }

    /** Starts taking {@code session} over; the returned future completes with the outcome of the last attempt. */
    Future<Long> start(String session) {
        Promise<Long> outcome = Promise.promise();
        attempt(session, 1, outcome);
        return outcome.future();
    }

    private void attempt(String session, int n, Promise<Long> outcome) {
        if (n > 1 && claimed.test(session)) {
            log.info("session {} is back with its hub: not taking it over", session);
            outcome.fail(new IllegalStateException("session " + session + " was resumed by its hub"));
            return;
        }
        drain.apply(session)
                .onSuccess(count -> {
                    log.info("took over {} message(s) of session {}", count, session);
                    outcome.complete(count);
                })
                .onFailure(x -> {
                    if (n >= ATTEMPTS) {
                        log.error(
                                "could not take over session {} after {} attempts ({}): what the broker holds there"
                                        + " waits for that hub to come back",
                                session,
                                n,
                                x.toString());
                        outcome.fail(x);
                        return;
                    }
                    long delay = FIRST_DELAY_MS << (n - 1);
                    log.warn(
                            "could not take over session {} (attempt {} of {}): {}; trying again in {} s",
                            session,
                            n,
                            ATTEMPTS,
                            x.toString(),
                            delay / 1000);
                    later.accept(delay, () -> attempt(session, n + 1, outcome));
                });
    }
}
