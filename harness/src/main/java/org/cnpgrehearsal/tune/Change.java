package org.cnpgrehearsal.tune;

import java.util.function.UnaryOperator;
import org.cnpgrehearsal.manifest.ClusterManifest;

/**
 * One change to the manifest that a variant makes. {@code knob} names what it turns (changes of one knob exclude each
 * other when variants are combined); {@code label} is how tables show it; {@code consequence} what it changes besides
 * the speed (more room on the volume, sessions on the source, memory, the application's credentials), null when
 * nothing; {@code notAdopted} why the tuned manifest never takes it whatever it measures, null when it may.
 */
record Change(String knob, String label, UnaryOperator<ClusterManifest> apply, String consequence, String notAdopted) {

    Change withNotAdopted(String reason) {
        return new Change(knob, label, apply, consequence, reason);
    }
}
