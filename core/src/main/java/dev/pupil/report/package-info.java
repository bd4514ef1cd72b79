/** Run records (JSON), provenance, and images a person looks at (templates, plots). */
package dev.pupil.report;
