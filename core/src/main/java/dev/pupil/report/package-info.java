/**
 * Run records (JSON), provenance, and what a person looks at: class templates, image grids,
 * XChart plots, and the self-contained HTML run report ({@link dev.pupil.report.RunReport}) and
 * run comparison ({@link dev.pupil.report.CompareReport}).
 */
package dev.pupil.report;
