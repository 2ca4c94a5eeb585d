package app.leaderboard.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

import app.leaderboard.support.TestApi.Response;

/** Reading and feeding the team listings in tests (docs/api.md, "Team boards"). */
public final class TeamListing {

	private TeamListing() {
	}

	/**
	 * A listing's entries as {@code rank.name=score/members}, checking that each entry
	 * has exactly those four fields.
	 */
	public static List<String> lines(Response response) {
		JsonNode body = response.json();
		String kind = response.text().contains("\"org\"") ? "org" : "region";
		List<String> lines = new ArrayList<>();
		body.get("entries").forEach((e) -> {
			if (e.size() != 4) {
				throw new AssertionError("an entry with other fields than rank, " + kind + ", score, members: " + e);
			}
			lines.add(e.get("rank").asLong() + "." + e.get(kind).asString() + "=" + e.get("score").asLong() + "/"
					+ e.get("members").asLong());
		});
		return lines;
	}

	/** {@code POST /update} with a region and an organisation (each may be null). */
	public static Response update(TestApi api, String user, int count, String region, String org, String... headers) {
		StringBuilder body = new StringBuilder("{\"user_id\":\"" + user + "\",\"count\":" + count);
		if (region != null) {
			body.append(",\"region\":\"").append(region).append('"');
		}
		if (org != null) {
			body.append(",\"org\":\"").append(org).append('"');
		}
		Response response = api.post("/api/redis-leaderboard/update", body.append('}').toString(), headers);
		if (response.status() != 200) {
			throw new AssertionError("update of " + user + " answered " + response.status() + " " + response.text());
		}
		return response;
	}

}
