package app.leaderboard.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import io.lettuce.core.SetArgs;

import app.leaderboard.core.BoardChecksum;
import app.leaderboard.core.Period;
import app.leaderboard.core.PeriodInstance;
import app.leaderboard.core.Periods;
import app.leaderboard.core.Scope;
import app.leaderboard.store.redis.board.BoardScore;
import app.leaderboard.store.redis.coordination.JobLease;
import app.leaderboard.support.RawRedisTestBase;

/**
 * The start-up and drift checks by checksum (docs/consistency.md, "Checksums"): a board
 * whose Redis copy lost one write (a total changed, a member missing, a member too many,
 * as PostgreSQL was changed behind Redis's back) is found and rebuilt, and only the
 * members of that member's bucket are read; a board that matches is checked without
 * reading a member; a write between its PostgreSQL commit and its Redis write, and
 * updates arriving while the checks run, are not drift; an instance that starts within a
 * drift interval of a completed check, or while another runs one, skips its own; a board
 * without its checksum is never taken for matching, and a flushed Redis comes back with
 * checksums.
 */
class ChecksumCheckIntegrationTests extends RawRedisTestBase {

	/** Members of the generated boards: about three per bucket of a global board. */
	private static final int USERS = 3000;

	@Autowired
	private Periods periods;

	@Autowired
	private StartupRepair startup;

	@Autowired
	private DriftRepair driftRepair;

	@Autowired
	private DriftCheck drift;

	@Autowired
	private ChecksumCompare checksums;

	@Autowired
	private MemberSamples samples;

	@Autowired
	private JobLease lease;

	private PeriodInstance daily;

	private PeriodInstance weekly;

	@BeforeEach
	void boards() {
		this.daily = this.periods.current(Period.DAILY);
		this.weekly = this.periods.current(Period.WEEKLY);
		// the users, written long ago, a third in an organisation; then loaded in Redis
		this.jdbc.update("""
				insert into users (user_id, version, created_at, updated_at, changed_at, org)
				select 'm' || g, nextval('user_versions'), now(), now(), now() - interval '1 hour',
				    case when g % 3 = 0 then 'acme' end
				from generate_series(1, ?) g
				""", USERS);
		this.jdbc.update("""
				insert into period_totals (period, period_start, user_id, total, reached_at, org)
				select p.period, p.start, 'm' || g, 1 + g % 50, ?, case when g % 3 = 0 then 'acme' end
				from generate_series(1, ?) g, (values ('daily', ?::date), ('weekly', ?::date)) p(period, start)
				""", Timestamp.from(this.periods.now()), USERS, this.daily.startDate(), this.weekly.startDate());
		this.jdbc.update("insert into scopes (kind, name) values ('org', 'acme') on conflict do nothing");
		this.rebuild.fullSync((n) -> {
		});
		// the context's own start-up check, which may end after the state was reset on a
		// loaded machine, leaves no mark that would make a test's start skip its check
		assertThatNoException().isThrownBy(() -> this.startup.await(Duration.ofSeconds(60)));
		this.raw.commands().del(this.keys.prefix() + "lease:{" + JobLease.Jobs.STARTUP_REPAIR_DONE + "}");
	}

	/** A write that PostgreSQL has and Redis lost. */
	enum LostWrite {

		/** A member's total changed. */
		CHANGED_TOTAL,

		/** A member Redis does not have. */
		MISSING_MEMBER,

		/** A member Redis still has. */
		EXTRA_MEMBER

	}

	@Test
	void aMatchingBoardIsCheckedWithoutReadingItsMembers() {
		long read = this.checksums.bucketMembersRead();

		Map<PeriodInstance, BoardVerdict> verdicts = this.drift.record(Set.of());

		assertThat(verdicts.get(this.daily).outcome()).isEqualTo(BoardVerdict.Outcome.MATCHES);
		assertThat(verdicts.get(this.weekly.in(Scope.org("acme"))).outcome()).isEqualTo(BoardVerdict.Outcome.MATCHES);
		assertThat(verdicts.values()).noneMatch(BoardVerdict::differs);
		assertThat(this.checksums.bucketMembersRead()).as("members read in buckets").isEqualTo(read);
	}

	@ParameterizedTest
	@EnumSource(LostWrite.class)
	void theStartUpCheckFindsALostWriteByItsBucketAndRebuildsTheBoard(LostWrite lost) {
		String user = lose(lost, this.daily);
		long builds = this.rebuild.builds(this.daily);
		long weeklyBuilds = this.rebuild.builds(this.weekly);
		long read = this.checksums.bucketMembersRead();

		this.startup.runOnce();

		assertThat(this.rebuild.builds(this.daily)).as("rebuilt").isEqualTo(builds + 1);
		assertThat(this.rebuild.builds(this.weekly)).as("the board that matches is not").isEqualTo(weeklyBuilds);
		assertThat(this.checksums.bucketMembersRead() - read).as("members read: those of the user's bucket")
			.isEqualTo(bucketSize(this.daily, user))
			.isLessThan(USERS / 100);
		assertRedisHoldsPostgresTotal(this.daily, user);
	}

	@ParameterizedTest
	@EnumSource(LostWrite.class)
	void theDriftCheckFindsALostWriteByItsBucketAndRebuildsTheBoardOnTheSecondCheck(LostWrite lost) {
		PeriodInstance board = this.weekly.in(Scope.org("acme"));
		String user = lose(lost, board);
		long builds = this.rebuild.builds(board);
		long read = this.checksums.bucketMembersRead();

		this.driftRepair.tick();
		assertThat(this.rebuild.builds(board)).as("not after one check").isEqualTo(builds);
		this.driftRepair.tick();

		assertThat(this.rebuild.builds(board)).as("rebuilt after two").isEqualTo(builds + 1);
		// the user is on the global board too, which lost the same write: each check read
		// the user's bucket of both
		assertThat(this.checksums.bucketMembersRead() - read)
			.isEqualTo(2 * (bucketSize(board, user) + bucketSize(board.global(), user)));
		assertRedisHoldsPostgresTotal(board, user);
	}

	@Test
	void aWriteBetweenItsCommitAndItsRedisWriteIsNotDrift() {
		// an update as the write path commits it, whose Redis write has not happened yet:
		// its outbox row waits (dated ahead, so the relay leaves it for now)
		this.jdbc.update("update users set version = nextval('user_versions'), changed_at = clock_timestamp() "
				+ "where user_id = 'm7'");
		this.jdbc.update("update period_totals set total = total + 4 where user_id = 'm7'");
		this.jdbc.update("insert into outbox (user_id, created_at) values ('m7', now() + interval '1 hour')");
		long builds = this.rebuild.builds(this.daily);

		// the board's sums differ: Redis lacks m7's new total
		assertThat(this.raw.commands().hget(this.keys.boardCheck(this.daily), "all"))
			.isNotEqualTo(this.jdbc.queryForObject(
					"select sum(checksum)::text from board_checksums "
							+ "where period = 'daily' and period_start = ? and scope = '' and bucket = -1",
					String.class, this.daily.startDate()));
		Map<PeriodInstance, BoardVerdict> verdicts = this.drift.record(Set.of());
		assertThat(verdicts.get(this.daily).outcome()).as("without the write in flight, the bucket matches")
			.isEqualTo(BoardVerdict.Outcome.MATCHES);
		this.driftRepair.tick();
		this.driftRepair.tick();
		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).isEqualTo(builds);

		// once the relay writes it, the board matches
		this.jdbc.update("update outbox set created_at = now() - interval '1 minute' where user_id = 'm7'");
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.drift.record(Set.of()).get(this.daily).outcome() == BoardVerdict.Outcome.MATCHES);
		assertThat(this.rebuild.builds(this.daily)).isEqualTo(builds);
	}

	@Test
	void anUpdateBetweenASamplesTwoReadsIsNotDrift() {
		String[] updated = new String[1];
		this.samples.onSampled((samples) -> {
			// the first sampled member of the daily board gets an update, whole
			// (committed
			// and in Redis) after Redis was read and before PostgreSQL is
			if (samples.containsKey(this.daily) && updated[0] == null) {
				updated[0] = samples.get(this.daily).keySet().iterator().next();
				assertThat(this.api.update(updated[0], 3).status()).isEqualTo(200);
			}
		});
		try {
			Map<PeriodInstance, BoardVerdict> verdicts = this.drift.record(Set.of());
			assertThat(updated[0]).isNotNull();
			assertThat(verdicts.get(this.daily).differs()).as(verdicts.get(this.daily).why()).isFalse();
		}
		finally {
			this.samples.onSampled((samples) -> {
			});
		}
	}

	@Test
	void updatesArrivingWhileTheChecksRunAreNotDrift() throws Exception {
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(6);
		List<BoardVerdict> differing = new ArrayList<>();
		int checks = 0;
		try {
			List<Future<Integer>> done = new ArrayList<>();
			for (int w = 0; w < 6; w++) {
				Random random = new Random(w);
				done.add(writers.submit(() -> {
					int sent = 0;
					while (writing.get()) {
						int user = 1 + random.nextInt(USERS);
						// some move into the organisation and out again
						String scope = (random.nextInt(5) == 0)
								? ",\"org\":\"" + (random.nextBoolean() ? "acme" : "other") + "\"" : "";
						assertThat(
								this.api
									.post("/api/redis-leaderboard/update",
											"{\"user_id\":\"m" + user + "\",\"count\":" + (1 + random.nextInt(3))
													+ scope + "}")
									.status())
							.isEqualTo(200);
						sent++;
					}
					return sent;
				}));
			}
			long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (System.nanoTime() < until || checks < 5) {
				this.drift.record(Set.of()).values().stream().filter(BoardVerdict::differs).forEach(differing::add);
				checks++;
			}
			writing.set(false);
			int sent = 0;
			for (Future<Integer> writer : done) {
				sent += writer.get();
			}
			assertThat(differing).as(checks + " checks while " + sent + " updates arrived").isEmpty();
			assertThat(sent).as("updates sent while checking").isGreaterThan(20);
		}
		finally {
			writing.set(false);
			writers.shutdownNow();
		}
	}

	@Test
	void aStartWithinADriftIntervalOfACompletedCheckSkipsIt() {
		lose(LostWrite.CHANGED_TOTAL, this.daily);
		long builds = this.rebuild.builds(this.daily);
		long read = this.checksums.bucketMembersRead();
		assertThat(this.lease.once(JobLease.Jobs.STARTUP_REPAIR_DONE, Duration.ofMinutes(1))).isTrue();

		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).as("skipped: left to the drift check").isEqualTo(builds);
		assertThat(this.checksums.bucketMembersRead()).isEqualTo(read);

		this.raw.commands().del(this.keys.prefix() + "lease:{" + JobLease.Jobs.STARTUP_REPAIR_DONE + "}");
		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).as("the next deploy checks").isEqualTo(builds + 1);
	}

	@Test
	void anotherInstanceRunningTheStartUpCheckLeavesItToThem() {
		lose(LostWrite.CHANGED_TOTAL, this.daily);
		long builds = this.rebuild.builds(this.daily);
		long read = this.checksums.bucketMembersRead();
		this.raw.commands().del(this.keys.prefix() + "lease:{" + JobLease.Jobs.STARTUP_REPAIR_DONE + "}");
		// an instance started at the same moment holds the run's lease
		String lease = this.keys.prefix() + "lease:{" + JobLease.Jobs.STARTUP_REPAIR + "}";
		this.raw.commands().set(lease, "another-instance", SetArgs.Builder.px(60_000));

		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).as("left to the instance running it").isEqualTo(builds);
		assertThat(this.checksums.bucketMembersRead()).isEqualTo(read);

		// once that one is gone without finishing, the next start runs it
		this.raw.commands().del(lease);
		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).isEqualTo(builds + 1);
	}

	@Test
	void aBoardWithoutItsChecksumIsNeverTakenForMatchingAndAFlushedRedisComesBackWithOne() {
		// a checksum lost (evicted, or a board written by a version without checksums):
		// unknown, so the board differs, and its rebuild brings one
		this.raw.commands().del(this.keys.boardCheck(this.daily));
		assertThat(this.drift.record(Set.of()).get(this.daily).outcome()).isEqualTo(BoardVerdict.Outcome.DIFFERS);
		long builds = this.rebuild.builds(this.daily);
		this.raw.commands().del(this.keys.prefix() + "lease:{" + JobLease.Jobs.STARTUP_REPAIR_DONE + "}");
		this.startup.runOnce();
		assertThat(this.rebuild.builds(this.daily)).isEqualTo(builds + 1);
		assertThat(this.drift.record(Set.of()).get(this.daily).outcome()).isEqualTo(BoardVerdict.Outcome.MATCHES);

		// a flushed Redis: the boards are not loaded (the warm-up's and the readers', not
		// drift), and a load brings each back with its checksum
		this.redis.deleteOwnKeys();
		assertThat(this.drift.record(Set.of()).get(this.daily).outcome()).isEqualTo(BoardVerdict.Outcome.NOT_LOADED);
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.api.get("/api/redis-leaderboard/daily");
			this.api.get("/api/redis-leaderboard/weekly");
			return this.redis.boardLoaded(this.daily) && this.redis.boardLoaded(this.weekly);
		});
		Map<PeriodInstance, BoardVerdict> verdicts = this.drift.record(Set.of());
		assertThat(verdicts.get(this.daily).outcome()).isEqualTo(BoardVerdict.Outcome.MATCHES);
		assertThat(verdicts.get(this.weekly).outcome()).isEqualTo(BoardVerdict.Outcome.MATCHES);
		assertThat(this.raw.commands().hget(this.keys.boardCheck(this.daily), "n")).isEqualTo(Integer.toString(USERS));
	}

	/**
	 * Changes PostgreSQL behind Redis's back (no outbox row, no new version: a write
	 * Redis lost) for one user of the board, in no organisation on a global board (m7),
	 * in the board's on an organisation's (m6); returns the user.
	 */
	private String lose(LostWrite lost, PeriodInstance board) {
		String org = board.scope().global() ? null : board.scope().name();
		String member = board.scope().global() ? "m7" : "m6";
		switch (lost) {
			case CHANGED_TOTAL -> this.jdbc.update(
					"update period_totals set total = total + 5 where period = ? and period_start = ? and user_id = ?",
					board.period().id(), board.startDate(), member);
			case MISSING_MEMBER -> {
				this.jdbc.update("insert into users (user_id, version, created_at, updated_at, changed_at, org) "
						+ "values ('zed', nextval('user_versions'), now(), now(), now() - interval '1 hour', ?)", org);
				this.jdbc.update("insert into period_totals (period, period_start, user_id, total, reached_at, org) "
						+ "values (?, ?, 'zed', 9, now(), ?)", board.period().id(), board.startDate(), org);
			}
			case EXTRA_MEMBER ->
				this.jdbc.update("delete from period_totals where period = ? and period_start = ? and user_id = ?",
						board.period().id(), board.startDate(), member);
		}
		return (lost == LostWrite.MISSING_MEMBER) ? "zed" : member;
	}

	/** How many members PostgreSQL lists in the user's bucket of the board. */
	private long bucketSize(PeriodInstance board, String user) {
		int bucket = BoardChecksum.bucket(BoardChecksum.key(user), board.scope());
		String scoped = board.scope().global() ? "" : " and org = '" + board.scope().name() + "'";
		return this.jdbc
			.queryForList(
					"select user_id from period_totals where period = ? and period_start = ? and not hidden" + scoped,
					String.class, board.period().id(), board.startDate())
			.stream()
			.filter((id) -> BoardChecksum.bucket(BoardChecksum.key(id), board.scope()) == bucket)
			.count();
	}

	private void assertRedisHoldsPostgresTotal(PeriodInstance board, String user) {
		List<Long> truth = this.jdbc.queryForList(
				"select total from period_totals where period = ? and period_start = ? and user_id = ?", Long.class,
				board.period().id(), board.startDate(), user);
		Double score = this.raw.commands().zscore(this.keys.board(board), user);
		assertThat((score == null) ? null : BoardScore.total(score)).isEqualTo(truth.isEmpty() ? null : truth.get(0));
	}

}
