package mailbox

import (
	"context"
	"testing"

	"example.org/intake/devmail"
)

// BenchmarkSendLetters sends letters one after another over loopback with
// a login (PLAIN), over one kept session and with a session per letter
// (IdleTimeout < 0, what intake did before sessions were kept):
//
//	go test -run '^$' -bench SendLetters -count 5 ./mailbox
func BenchmarkSendLetters(b *testing.B) {
	for _, bc := range []struct {
		name string
		idle int // < 0: a session per letter
	}{{"kept session", 0}, {"session per letter", -1}} {
		b.Run(bc.name, func(b *testing.B) {
			s, err := devmail.Start(devmail.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			s.AddUser(testUser, testPassword)
			opts := smtpOpts(s)
			opts.Username, opts.Password = testUser, testPassword
			if bc.idle < 0 {
				opts.IdleTimeout = -1
			}
			snd := NewSender(opts)
			defer snd.Close()
			ctx := context.Background()
			b.ResetTimer()
			for range b.N {
				if err := snd.Send(ctx, testUser, []string{"ada@example.org"}, []byte(outgoing)); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
		})
	}
}
