package io.logintelemetry.agent.scan;

import io.logintelemetry.engine.AccountSummary;
import io.logintelemetry.flag.Flag;
import java.io.Closeable;
import java.io.IOException;

/**
 * Where a scan's results go, in this order: the flags as they are raised (event-time order), then
 * the flagged accounts highest score first, then the summary. Implementations stream: nothing is
 * held back except what a format needs to lay out a line.
 */
interface ScanOutput extends Closeable {

    void flag(Flag flag) throws IOException;

    /** Called once before the first {@link #account}, even when no account was flagged. */
    void beginAccounts() throws IOException;

    void account(AccountSummary account) throws IOException;

    void summary(ScanSummary summary) throws IOException;
}
