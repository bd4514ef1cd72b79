/**
 * What a person looks at, read from run folders ({@link dev.pupil.run}): class templates, image
 * grids, XChart plots, and the self-contained HTML run report ({@link dev.pupil.report.RunReport})
 * and run comparison ({@link dev.pupil.report.CompareReport}).
 */
package dev.pupil.report;
