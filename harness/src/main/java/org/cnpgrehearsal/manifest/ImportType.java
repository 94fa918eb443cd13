package org.cnpgrehearsal.manifest;

/** {@code bootstrap.initdb.import.type}. */
public enum ImportType {
    MONOLITH,
    MICROSERVICE;

    public String yaml() {
        return name().toLowerCase();
    }
}
