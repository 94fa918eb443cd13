package org.cnpgrehearsal.strategy;

import org.cnpgrehearsal.importer.ImportResult;
import org.cnpgrehearsal.timeline.Timeline;

/** An import as the platform runs it (CNPG's bootstrap.initdb.import), its phases on the timeline. */
@FunctionalInterface
public interface ImportStep {
    ImportResult run(Timeline timeline) throws Exception;
}
