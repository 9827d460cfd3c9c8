package store

// migrationQueueClients adds the heartbeat of each running queue client, so
// that a job left running by a process that died is told from one that is
// slow and run again within seconds (queue.Options.HeartbeatLapse).
var migrationQueueClients = migration{
	name: "queue clients",
	sqlite: `
CREATE TABLE queue_clients (
	client_id    TEXT PRIMARY KEY,
	started_at   TIMESTAMP NOT NULL,
	heartbeat_at TIMESTAMP NOT NULL
);
`,
	postgres: `
CREATE TABLE queue_clients (
	client_id    TEXT PRIMARY KEY,
	started_at   TIMESTAMPTZ NOT NULL,
	heartbeat_at TIMESTAMPTZ NOT NULL
);
`,
}
