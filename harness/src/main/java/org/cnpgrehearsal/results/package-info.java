/**
 * What a rehearsal was and what it measured: the part of {@code report.json} that both the estimate and the report
 * read. It sits below both, so that neither imports the other.
 */
package org.cnpgrehearsal.results;
