package mailbox

import (
	"testing"
	"time"
)

func TestBackoffGrowsWithJitterAndResets(t *testing.T) {
	b := backoff{min: 100 * time.Millisecond, max: time.Second}
	for i, ceil := range []time.Duration{100, 200, 400, 800, 1000, 1000} {
		ceil *= time.Millisecond
		d := b.next()
		if d < ceil/2 || d > ceil {
			t.Errorf("attempt %d: next() = %v, want within [%v, %v]", i+1, d, ceil/2, ceil)
		}
	}
	b.reset()
	if d := b.next(); d > 100*time.Millisecond {
		t.Errorf("after reset next() = %v, want at most the minimum", d)
	}
}

func TestBackoffDoesNotOverflow(t *testing.T) {
	b := backoff{min: time.Second, max: time.Hour}
	for range 100 {
		if d := b.next(); d <= 0 || d > time.Hour {
			t.Fatalf("next() = %v", d)
		}
	}
}
