package io.vigil.core.cli;

/** Process exit codes shared by every command. */
public final class ExitCodes {
    /** Finished as asked. */
    public static final int OK = 0;
    /** Started but failed: a peer, the database, a file the run needed. */
    public static final int FAILED = 1;
    /** Refused before starting: bad option, bad config file, port in use. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}
