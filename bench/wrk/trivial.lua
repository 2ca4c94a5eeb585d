-- GET /actuator/info: the same server and filters, no PostgreSQL or Redis behind it, and
-- almost no work of its own (the liveness probe is heavier: it runs the health machinery)
wrk.method = "GET"
wrk.path = "/actuator/info"
