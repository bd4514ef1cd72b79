/** File output that never leaves half-written files, and Pupil's JSON settings. */
package dev.pupil.io;
