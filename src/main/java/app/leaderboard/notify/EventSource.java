package app.leaderboard.notify;

import java.util.List;

/**
 * A bean that contributes {@link EventStream}s to the webhook; at equal boundaries the
 * events of sources that come first in Spring's order are made (and sent) first.
 */
public interface EventSource {

	List<EventStream> streams();

}
