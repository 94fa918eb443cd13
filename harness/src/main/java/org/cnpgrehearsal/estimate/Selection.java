package org.cnpgrehearsal.estimate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cnpgrehearsal.results.RehearsalFacts;
import org.cnpgrehearsal.results.Subject;
import org.cnpgrehearsal.util.BadInputException;

/**
 * Which rehearsals one estimate may fit on: only those that succeeded, of the same scenario, manifest and fixture, on
 * the same platform, with what the models read. Of several such groups the largest is used (the first given on a
 * tie); every other rehearsal is left out with its reason. None left is bad input, with every reason.
 */
final class Selection {

    /** The version of report.json the estimate reads (the one with the source's shape and the rehearsal's subject). */
    static final int REPORT_VERSION = 2;

    private final List<Candidate> used;
    private final List<Estimate.LeftOut> leftOut;

    private Selection(List<Candidate> used, List<Estimate.LeftOut> leftOut) {
        this.used = used;
        this.leftOut = leftOut;
    }

    List<Candidate> used() {
        return used;
    }

    List<Estimate.LeftOut> leftOut() {
        return leftOut;
    }

    static Selection of(List<Candidate> candidates) {
        List<Estimate.LeftOut> out = new ArrayList<>();
        List<Candidate> usable = new ArrayList<>();
        for (Candidate c : candidates) {
            String why = unusable(c);
            if (why == null) {
                usable.add(c);
            } else {
                out.add(new Estimate.LeftOut(c.label(), why));
            }
        }
        Map<String, List<Candidate>> groups = new LinkedHashMap<>();
        for (Candidate c : usable) {
            groups.computeIfAbsent(key(c.facts()), k -> new ArrayList<>()).add(c);
        }
        List<Candidate> chosen = groups.values().stream()
                .reduce((a, b) -> b.size() > a.size() ? b : a)
                .orElse(List.of());
        for (Candidate c : usable) {
            if (!chosen.contains(c)) {
                out.add(new Estimate.LeftOut(
                        c.label(), differs(c.facts(), chosen.get(0).facts())));
            }
        }
        if (chosen.isEmpty()) {
            StringBuilder b = new StringBuilder("no rehearsal to estimate from: ");
            for (int i = 0; i < out.size(); i++) {
                b.append(i == 0 ? "" : "; ")
                        .append(out.get(i).rehearsal())
                        .append(" ")
                        .append(out.get(i).reason());
            }
            throw new BadInputException(b.append(
                            out.isEmpty()
                                    ? "none given"
                                    : ". Estimate from successful rehearsals of one scenario at several sizes "
                                            + "(rehearse --sizes)")
                    .toString());
        }
        return new Selection(List.copyOf(chosen), List.copyOf(out));
    }

    /** Why a rehearsal cannot be fitted at all, or null. */
    private static String unusable(Candidate c) {
        RehearsalFacts f = c.facts();
        if (c.reportVersion() < REPORT_VERSION) {
            return "was written by an earlier cnpg-rehearsal (report.json version " + c.reportVersion()
                    + ", without the source's shape): rehearse it again";
        }
        if (f.streamed()) {
            return "rehearsed the " + f.strategy().strategy() + " path: the estimate extrapolates the offline "
                    + "import's phases (estimate from an offline sweep)";
        }
        if (!f.succeeded()) {
            return "failed"
                    + (f.diagnosis() == null
                            ? ""
                            : " (" + f.diagnosis().cause() + " at "
                                    + f.diagnosis().phase() + ")")
                    + ": a failed import measures no window";
        }
        if (f.databaseBytes() == null || f.shape() == null) {
            return "has no measured source size or shape";
        }
        return null;
    }

    private static String key(RehearsalFacts f) {
        Subject s = f.subject();
        return s.scenario() + "|" + s.manifestDigest() + "|" + s.fixture() + "|"
                + f.environment().platform();
    }

    private static String differs(RehearsalFacts f, RehearsalFacts kept) {
        Subject s = f.subject();
        Subject k = kept.subject();
        String rest = ", not those of the rehearsals used";
        if (!Objects.equals(s.scenario(), k.scenario())) {
            return "rehearsed another scenario (" + s.scenario() + ", not " + k.scenario() + ")";
        }
        if (!Objects.equals(s.manifestDigest(), k.manifestDigest())) {
            return "rehearsed another manifest (" + s.manifest() + " as it was then)" + rest;
        }
        if (!Objects.equals(s.fixture(), k.fixture())) {
            return "rehearsed another fixture (" + s.fixture() + ", not " + k.fixture() + ")";
        }
        return "ran on another platform (" + f.environment().platform() + ", not "
                + kept.environment().platform() + ")";
    }
}
