package mailbox

import (
	"math/rand/v2"
	"time"
)

// backoff computes reconnect and retry delays: exponential from min to
// max, with "equal jitter" (half fixed, half random) so that several
// daemons cut off by the same outage do not all come back at once.
type backoff struct {
	min, max time.Duration
	n        int
}

func (b *backoff) next() time.Duration {
	d := b.min << b.n
	if d <= 0 || d >= b.max { // <= 0 catches overflow
		d = b.max
	} else {
		b.n++
	}
	half := d / 2
	return half + rand.N(half+1)
}

func (b *backoff) reset() { b.n = 0 }
