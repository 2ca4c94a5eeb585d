package app.leaderboard.faults;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

import app.leaderboard.core.Periods;
import app.leaderboard.support.Load;
import app.leaderboard.support.MutableClock;
import app.leaderboard.support.TestApi;

/**
 * Hides, unhides and erases users, takes erased ids up again, and every 15 to 30 s moves
 * the clock a little past the next midnight, for the soak (RedisKillSoakIT). Each of
 * these happens with no update in flight ({@link Load#quiesce}), so that the account of
 * what was acknowledged stays exact and a 404 means the id is not recorded (again) yet.
 */
final class SoakOperator {

	private final Load load;

	private final List<String> users;

	private final Random random;

	private final TestApi api;

	private final String[] admin;

	private final MutableClock clock;

	private final Periods periods;

	private final JdbcTemplate jdbc;

	private final Set<String> hidden = new HashSet<>();

	private final Thread thread = new Thread(this::run, "soak-operator");

	private volatile boolean running = true;

	private int hides;

	private int unhides;

	private int erasures;

	private int reused;

	private int midnights;

	private int failures;

	SoakOperator(Load load, List<String> users, Random random, TestApi api, String[] admin, MutableClock clock,
			Periods periods, JdbcTemplate jdbc) {
		this.load = load;
		this.users = users;
		this.random = random;
		this.api = api;
		this.admin = admin;
		this.clock = clock;
		this.periods = periods;
		this.jdbc = jdbc;
	}

	void start() {
		this.thread.start();
	}

	void stop() throws InterruptedException {
		this.running = false;
		this.thread.join();
	}

	private void run() {
		long nextMidnight = System.nanoTime() + midnightGap();
		while (this.running) {
			Load.sleep(500 + this.random.nextInt(2_000));
			Set<String> erased = this.load.retired();
			List<String> active = this.users.stream()
				.filter((user) -> !erased.contains(user) && !this.hidden.contains(user))
				.toList();
			if (System.nanoTime() > nextMidnight) {
				this.load.quiesce(() -> {
					LocalDate tomorrow = this.periods.today().plusDays(1);
					this.clock.set(tomorrow.atStartOfDay(ZoneOffset.UTC)
						.toInstant()
						.plusSeconds(1 + this.random.nextInt(300)));
					return null;
				});
				this.midnights++;
				nextMidnight = System.nanoTime() + midnightGap();
			}
			else if (active.isEmpty()) {
				continue;
			}
			else if (this.random.nextInt(10) < 4) {
				String user = active.get(this.random.nextInt(active.size()));
				if (operate("POST", user, "/hide")) {
					this.hidden.add(user);
					this.hides++;
				}
			}
			else if (!this.hidden.isEmpty() && this.random.nextInt(3) < 2) {
				unhide(new ArrayList<>(this.hidden).get(this.random.nextInt(this.hidden.size())));
			}
			else if (erased.size() < 8) {
				String user = active.get(this.random.nextInt(active.size()));
				if (operate("DELETE", user, "")) {
					this.load.retire(user);
					this.erasures++;
				}
			}
			else {
				this.load.reinstate(new ArrayList<>(erased).get(this.random.nextInt(erased.size())));
				this.reused++;
			}
		}
	}

	private long midnightGap() {
		return Duration.ofSeconds(15 + this.random.nextInt(15)).toNanos();
	}

	void unhideAll() {
		new ArrayList<>(this.hidden).forEach(this::unhide);
	}

	private void unhide(String user) {
		if (operate("POST", user, "/unhide")) {
			this.hidden.remove(user);
			this.unhides++;
		}
	}

	/**
	 * Hide, unhide or erase with no update in flight: 200 for a known user, Redis up or
	 * down, and 404 only for an id not recorded (again) yet.
	 */
	private boolean operate(String method, String user, String action) {
		return this.load.quiesce(() -> {
			try {
				TestApi.Response response = this.api.method(method,
						"/api/redis-leaderboard/admin/users/" + user + action, null, null, this.admin);
				if (response.status() == 200) {
					return true;
				}
				if (response.status() == 404 && this.jdbc.queryForObject("select count(*) from users where user_id = ?",
						Integer.class, user) == 0) {
					return false;
				}
			}
			catch (RuntimeException ex) {
				// counted below
			}
			this.failures++;
			return false;
		});
	}

	int failures() {
		return this.failures;
	}

	String summary() {
		return String.format(
				"%d hides, %d unhides, %d erasures, %d erased ids recorded anew, %d midnights crossed, " + "%d failed",
				this.hides, this.unhides, this.erasures, this.reused, this.midnights, this.failures);
	}

}
