/**
 * End-to-end benchmark drivers (each a {@code main}) whose JSON results are committed under {@code
 * bench/results/}, and JMH micro-benchmarks.
 */
package dev.pupil.bench;
