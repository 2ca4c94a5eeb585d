package app.leaderboard.operate.cli;

import java.time.temporal.ChronoUnit;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr, so that stdout keeps only the command's result. The width is
 * fixed: asking the terminal for it makes JLine warn when stderr is not a terminal.
 */
final class Progress implements AutoCloseable {

	private final ProgressBar bar;

	private Progress(ProgressBar bar) {
		this.bar = bar;
	}

	static Progress of(String task, long max, String unit) {
		return new Progress(new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(Math.max(1, max))
			.setStyle(ProgressBarStyle.ASCII)
			.setConsumer(new ConsoleProgressBarConsumer(System.err, 100))
			.setUpdateIntervalMillis(250)
			.setUnit(" " + unit, 1)
			.showSpeed()
			.setSpeedUnit(ChronoUnit.SECONDS)
			.build());
	}

	void step(long n) {
		this.bar.stepBy(n);
	}

	@Override
	public void close() {
		this.bar.close();
	}

}
