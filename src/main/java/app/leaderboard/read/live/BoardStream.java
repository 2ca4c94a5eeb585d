package app.leaderboard.read.live;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import app.leaderboard.core.Period;
import app.leaderboard.core.Scope;
import app.leaderboard.read.BoardPage;
import app.leaderboard.read.Sourced;

/**
 * One open stream of {@link BoardStreams}: what it watches and what it was last sent, so
 * that a read that changed nothing for it sends nothing.
 */
final class BoardStream {

	/** How soon a browser reconnects after the stream ended (SSE {@code retry:}). */
	static final long RECONNECT_MILLIS = 2_000;

	private final String board;

	private final Period period;

	private final Scope scope;

	private final int limit;

	private final SseEmitter emitter;

	/** Gives the stream's place back when its client went away. */
	private final Consumer<BoardStream> gone;

	private final AtomicBoolean released = new AtomicBoolean();

	private @Nullable String lastBody;

	private @Nullable String lastSource;

	BoardStream(String board, Period period, Scope scope, int limit, SseEmitter emitter, Consumer<BoardStream> gone) {
		this.board = board;
		this.period = period;
		this.scope = scope;
		this.limit = limit;
		this.emitter = emitter;
		this.gone = gone;
	}

	/** The id the change messages name: daily, daily:region:eu. */
	String board() {
		return this.board;
	}

	Period period() {
		return this.period;
	}

	Scope scope() {
		return this.scope;
	}

	int limit() {
		return this.limit;
	}

	/** Sends the read if it differs from what this stream saw last. */
	synchronized void offer(Sourced<BoardPage> read, String body) {
		try {
			String source = read.source().header();
			if (!source.equals(this.lastSource)) {
				SseEmitter.SseEventBuilder event = SseEmitter.event().name("source").data(source);
				if (this.lastSource == null) {
					event.reconnectTime(RECONNECT_MILLIS);
				}
				this.emitter.send(event);
				this.lastSource = source;
			}
			if (!body.equals(this.lastBody)) {
				this.emitter.send(SseEmitter.event().name("board").data(body));
				this.lastBody = body;
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away (or the stream was completed meanwhile)
			gone();
		}
	}

	synchronized void heartbeat() {
		try {
			this.emitter.send(SseEmitter.event().comment("keep-alive"));
		}
		catch (IOException | IllegalStateException ex) {
			gone();
		}
	}

	private void gone() {
		this.gone.accept(this);
		complete();
	}

	/** True the first time only: the stream's place is given back once. */
	boolean release() {
		return this.released.compareAndSet(false, true);
	}

	void complete() {
		try {
			this.emitter.complete();
		}
		catch (RuntimeException ex) {
			// already completed
		}
	}

}
