package org.cnpgrehearsal.fix;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An automatic remedy for one diagnosed cause: what it does (stated as the rule that chose it), the alternatives the
 * rules also allow, and the change it makes to the rehearsal's state.
 */
public record Remedy(String key, String rule, List<String> alternatives, UnaryOperator<FixState> change) {}
