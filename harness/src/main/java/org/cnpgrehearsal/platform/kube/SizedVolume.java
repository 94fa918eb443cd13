package org.cnpgrehearsal.platform.kube;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.cnpgrehearsal.util.Sizes;

/**
 * A data volume that really is as small as requested, for clusters whose storage ignores sizes (k3s's
 * {@code local-path}): a tmpfs of that size mounted inside the node, offered to the Cluster's PVC as a static
 * PersistentVolume of its own storage class. The dump and the restored data share it, as in CNPG, so a volume too
 * small for both fills up during the import.
 */
public final class SizedVolume {

    /** Runs a command on the node (the privileged k3s container). */
    @FunctionalInterface
    public interface NodeShell {
        void run(String... argv) throws Exception;
    }

    public static final String STORAGE_CLASS = "cnpg-rehearsal-sized";
    static final String MOUNT_ROOT = "/var/lib/cnpg-rehearsal/";

    private final KubernetesClient client;
    private final NodeShell node;
    private final String name;
    private final String quantity;

    /**
     * @param quantity the size as the Cluster's claim asks for it: the PersistentVolume offers exactly that (a claim
     *     binds only to a volume at least as large as its request) and the tmpfs holds that many bytes
     */
    public SizedVolume(KubernetesClient client, NodeShell node, String namespace, String quantity) {
        this.client = client;
        this.node = node;
        this.name = namespace + "-pgdata";
        this.quantity = quantity;
    }

    public String path() {
        return MOUNT_ROOT + name;
    }

    /** Mounts the tmpfs on the node and creates the PersistentVolume in front of it. */
    public void create() throws Exception {
        node.run("mkdir", "-p", path());
        node.run("mount", "-t", "tmpfs", "-o", "size=" + Sizes.parse(quantity) + ",mode=0777", "tmpfs", path());
        PersistentVolume pv = new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(KubePlatform.MANAGED_BY, KubePlatform.MANAGER)
                .endMetadata()
                .withNewSpec()
                .withStorageClassName(STORAGE_CLASS)
                .addToCapacity("storage", new Quantity(quantity))
                .withAccessModes("ReadWriteOnce")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath()
                .withPath(path())
                .withType("Directory")
                .endHostPath()
                .endSpec()
                .build();
        client.persistentVolumes().resource(pv).create();
    }
}
