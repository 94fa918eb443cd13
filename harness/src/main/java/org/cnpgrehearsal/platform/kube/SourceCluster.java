package org.cnpgrehearsal.platform.kube;

import java.sql.Connection;
import org.cnpgrehearsal.model.RehearsalPlan;
import org.cnpgrehearsal.util.PgConnection;

/** The Zalando-style source of a Kubernetes rehearsal. */
public interface SourceCluster {

    /** Creates the source and waits until its primary is ready. */
    SourceEndpoint create(RehearsalPlan plan) throws Exception;

    /** The password of {@code postgres}, as the secret named the Zalando way holds it. */
    String superuserPassword();

    /**
     * Makes the running source what the scenario describes (roles, template objects, extensions, application
     * database), through {@code superuser} (a port-forward); returns what was done, for the timeline.
     */
    String setUp(PgConnection superuser, RehearsalPlan plan) throws Exception;

    /** Called once the source is set up: aligns what the operator owns with the plan. */
    default void afterSetUp(Connection superuser, RehearsalPlan plan) throws Exception {}

    /** The name of the source cluster: the first label of the manifest's source host, when it is a service name. */
    static String clusterName(RehearsalPlan plan) {
        String host = plan.manifest().importSource().parameter("host");
        String first = host == null ? "" : host.split("\\.")[0];
        return first.matches("[a-z0-9]+(-[a-z0-9]+)+") && first.length() <= 40 ? first : "rehearsal-source";
    }
}
