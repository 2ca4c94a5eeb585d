-- GET the liveness probe: the same server, no PostgreSQL or Redis behind it
wrk.method = "GET"
wrk.path = "/actuator/health/liveness"
