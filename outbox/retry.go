package outbox

import (
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// DefaultRetrySchedule is the wait after each failed attempt at a message
// the server refused for the time being: seconds at first (a 451 or a
// dropped connection is usually gone a moment later), levelling off at
// five minutes for an outage. The last wait repeats until the budget
// (smtp.retry_budget) is spent. Each wait gets ±20% jitter so that letters
// held up together do not all come back in the same second.
var DefaultRetrySchedule = []time.Duration{
	2 * time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute,
}

// DefaultRetryBudget is how long a message is retried before a person is
// told (smtp.retry_budget).
const DefaultRetryBudget = 48 * time.Hour

// MaxSendAttempts is River's limit on attempts at one send job. It is far
// above what the longest budget allowed (30 days at one attempt per five
// minutes: 8,640) can use, so the budget, checked by the worker, is what
// ends the retries: River never discards a send job behind our back.
const MaxSendAttempts = 10000

// retryDelay is the wait after attempt number attempt (1 for the first)
// failed, with jitter.
func retryDelay(schedule []time.Duration, attempt int) time.Duration {
	if len(schedule) == 0 {
		schedule = DefaultRetrySchedule
	}
	base := schedule[len(schedule)-1]
	if attempt >= 1 && attempt <= len(schedule) {
		base = schedule[attempt-1]
	}
	return time.Duration(float64(base) * (0.8 + 0.4*rand.Float64()))
}

// NextRetry replaces River's job-level back-off (attempt⁴ seconds) for
// send jobs with the mail schedule.
func (w *Worker) NextRetry(job *river.Job[SendArgs]) time.Time {
	return w.opts.Now().Add(retryDelay(w.opts.RetrySchedule, job.Attempt))
}

// liveStates are the states of a job that will still run. A second send
// job for a message is refused while one is in them, so a sweep or a
// second enqueue can never make two workers send the same message at once.
var liveStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// InsertOpts gives every send job, however it is queued, the mail retry
// limits and at most one live job per message.
func (SendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{
		MaxAttempts: MaxSendAttempts,
		UniqueOpts:  river.UniqueOpts{ByArgs: true, ByState: liveStates},
	}
}
