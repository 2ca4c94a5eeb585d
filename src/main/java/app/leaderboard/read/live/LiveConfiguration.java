package app.leaderboard.read.live;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.config.ClientProperties;
import app.leaderboard.core.Periods;
import app.leaderboard.read.BoardReader;
import app.leaderboard.read.EntryNames;
import app.leaderboard.read.Source;
import app.leaderboard.read.StandingReader;
import app.leaderboard.store.redis.coordination.BoardChannel;

/** The event streams exist in the web service only, not in the CLI. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LiveConfiguration {

	/**
	 * The places of both kinds of stream, so that one client's limit counts them
	 * together.
	 */
	@Bean
	StreamPlaces streamPlaces(EventsProperties settings, ClientProperties clients) {
		return new StreamPlaces(settings.maxStreams(), clients.eventsPerClient());
	}

	@Bean
	BoardStreams boardStreams(BoardReader reader, BoardChannel channel, JsonMapper json, EventsProperties settings,
			StreamPlaces places) {
		return new BoardStreams(reader, channel, json, settings, places);
	}

	@Bean
	UserStreams userStreams(StandingReader reader, Periods periods, BoardChannel channel, JsonMapper json,
			EventsProperties settings, StreamPlaces places, EntryNames names) {
		// the names of those who overtook a user, as every listing Redis serves has them
		return new UserStreams(new UserStandings(reader, periods), channel, json, settings, places,
				(userIds) -> names.of(userIds, Source.REDIS), periods);
	}

}
