package app.leaderboard.read.live;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import app.leaderboard.read.BoardReader;
import app.leaderboard.store.redis.coordination.BoardChannel;

/** The event streams exist in the web service only, not in the CLI. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class LiveConfiguration {

	@Bean
	BoardStreams boardStreams(BoardReader reader, BoardChannel channel, JsonMapper json, EventsProperties settings) {
		return new BoardStreams(reader, channel, json, settings);
	}

}
