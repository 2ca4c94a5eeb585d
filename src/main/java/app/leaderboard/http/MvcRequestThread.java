package app.leaderboard.http;

import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

import app.leaderboard.store.redis.connection.RequestThread;

/** Spring MVC binds the request to the thread that serves it. */
@Component
class MvcRequestThread implements RequestThread {

	@Override
	public boolean servingRequest() {
		return RequestContextHolder.getRequestAttributes() != null;
	}

}
