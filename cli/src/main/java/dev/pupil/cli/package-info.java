/**
 * The {@code pupil} command line: a picocli root command ({@link dev.pupil.cli.Pupil}) with one
 * class per subcommand, shared option groups as mixins ({@link dev.pupil.cli.DataOptions}, {@link
 * dev.pupil.cli.TrainOptions}, {@link dev.pupil.cli.Output}), and the shared work behind them
 * (loading and splitting data in {@link dev.pupil.run.DataLoader}, training plus evaluation plus
 * run records in {@link dev.pupil.run.SupervisedRun}). Exit codes: 0 ok, 1 failure, 2 bad usage or
 * input.
 */
package dev.pupil.cli;
