package io.logintelemetry.agent.scan;

import io.logintelemetry.flag.RiskLevel;
import java.util.List;
import java.util.Map;

/**
 * The closing record of a scan (FLAGS.md, "Offline scan output").
 *
 * @param files           the files read, as given
 * @param eventsRead      well-formed events fed to the engine
 * @param eventsSkipped   malformed lines skipped
 * @param skipped         the first few skipped lines, with file and reason
 * @param accountsSeen    distinct accounts among the events
 * @param accountsByLevel accounts per level; accounts never flagged count as low
 * @param flags           flags raised
 * @param flagsBySignal   flags per signal id, only signals that fired
 * @param elapsedMillis   wall-clock time of the scan
 */
record ScanSummary(List<String> files, long eventsRead, long eventsSkipped, List<SkippedLines.Skipped> skipped,
                   long accountsSeen, Map<RiskLevel, Long> accountsByLevel, long flags,
                   Map<String, Long> flagsBySignal, long elapsedMillis) {
}
