package org.cnpgrehearsal.platform;

/** Size and use of the target's data volume. */
public record VolumeUsage(long totalBytes, long usedBytes) {}
