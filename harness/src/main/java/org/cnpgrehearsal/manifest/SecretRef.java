package org.cnpgrehearsal.manifest;

/** A reference to a key of a Kubernetes Secret, as in {@code password: {name: ..., key: ...}}. */
public record SecretRef(String name, String key) {}
