package app.leaderboard.read;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

import app.leaderboard.core.Period;
import app.leaderboard.http.InvalidRequestException;

/**
 * A period in a URL ({@code daily}, {@code weekly}, {@code monthly}, {@code yearly}), for
 * every controller that takes one; anything else is a 400 that lists the four.
 */
@Component
class PeriodConverter implements Converter<String, Period> {

	@Override
	public Period convert(String id) {
		return Period.fromId(id)
			.orElseThrow(() -> new InvalidRequestException(
					"Unknown period '" + id + "'; use daily, weekly, monthly or yearly."));
	}

}
