package app.leaderboard.operate.importer;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * What the CSV parser reads through: drops a leading byte-order mark and refuses what no
 * counts export contains (control characters, as binary files have, and a line longer
 * than {@link #MAX_LINE} characters, bytes that are not UTF-8), with the line it is on.
 * The CSV library would otherwise read a binary file or a gigabyte without a line break
 * as one huge field.
 */
final class GuardedReader extends FilterReader {

	/** Longest line accepted: a valid row is under 200 characters. */
	static final int MAX_LINE = 64 * 1024;

	private long line = 1;

	private int lineLength;

	private boolean afterCr;

	private boolean started;

	GuardedReader(Reader in) {
		super(in);
	}

	/** The line of the last character read (1 for the header). */
	long line() {
		return this.line;
	}

	@Override
	public int read() throws IOException {
		char[] one = new char[1];
		int n = read(one, 0, 1);
		return (n == -1) ? -1 : one[0];
	}

	@Override
	public int read(char[] buffer, int offset, int length) throws IOException {
		int n = this.in.read(buffer, offset, length);
		if (n > 0 && !this.started) {
			this.started = true;
			if (buffer[offset] == '\uFEFF') {
				System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
				n--;
				if (n == 0) {
					return read(buffer, offset, length);
				}
			}
		}
		for (int i = offset; i < offset + n; i++) {
			check(buffer[i]);
		}
		return n;
	}

	private void check(char c) {
		if (c == '\n') {
			if (!this.afterCr) {
				this.line++;
			}
			this.lineLength = 0;
			this.afterCr = false;
			return;
		}
		if (c == '\r') {
			this.line++;
			this.lineLength = 0;
			this.afterCr = true;
			return;
		}
		this.afterCr = false;
		if (c == '\uFFFD') {
			// what the decoder puts where the bytes are not UTF-8
			throw InvalidCountsFileException.at(this.line, "not UTF-8 text (a binary file?)");
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			throw InvalidCountsFileException.at(this.line,
					String.format("binary content (character 0x%02X); expected a UTF-8 text CSV export", (int) c));
		}
		if (++this.lineLength > MAX_LINE) {
			throw InvalidCountsFileException.at(this.line,
					"longer than " + MAX_LINE + " characters; expected one user per line");
		}
	}

	@Override
	public boolean markSupported() {
		return false;
	}

}
