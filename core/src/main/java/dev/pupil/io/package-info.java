/**
 * File output that never leaves half-written files, Pupil's JSON settings, and what every record of
 * a run or benchmark carries about where it ran: versions, commit and machine ({@link
 * dev.pupil.io.Provenance}) and the process's resident memory ({@link dev.pupil.io.ProcessMemory}).
 */
package dev.pupil.io;
