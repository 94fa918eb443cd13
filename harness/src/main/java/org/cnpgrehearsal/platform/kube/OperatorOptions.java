package org.cnpgrehearsal.platform.kube;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What both Kubernetes platforms install and how long they wait. Null values take the defaults: the pinned CNPG
 * chart from its repository, the chart's operator image, the lite source, 15 minutes per phase.
 */
public record OperatorOptions(
        String cnpgChartVersion,
        Path cnpgChart,
        String cnpgOperatorImage,
        Path zalandoChart,
        SourceFlavor sourceFlavor,
        Duration phaseTimeout) {

    public static final Duration DEFAULT_PHASE_TIMEOUT = Duration.ofMinutes(15);

    public OperatorOptions {
        sourceFlavor = sourceFlavor == null ? SourceFlavor.LITE : sourceFlavor;
        phaseTimeout = phaseTimeout == null ? DEFAULT_PHASE_TIMEOUT : phaseTimeout;
    }

    public static OperatorOptions defaults() {
        return new OperatorOptions(null, null, null, null, null, null);
    }

    public ChartRef cnpgChartRef() {
        return ChartRef.cnpg(cnpgChartVersion, cnpgChart);
    }

    public ChartRef zalandoChartRef() {
        return ChartRef.zalando(zalandoChart);
    }
}
