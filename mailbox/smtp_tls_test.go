package mailbox

import (
	"context"
	"crypto/tls"
	"io"
	"log"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// tlsSink is a go-smtp server that requires authentication, accepting one
// known password, and records what it receives.
type tlsSink struct {
	mu    sync.Mutex
	auths []string
	data  [][]byte
}

func (b *tlsSink) NewSession(*smtp.Conn) (smtp.Session, error) { return &tlsSinkSession{b: b}, nil }

type tlsSinkSession struct {
	b      *tlsSink
	authed bool
}

func (s *tlsSinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *tlsSinkSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != testUser || pass != testPassword {
			return smtp.ErrAuthFailed
		}
		s.b.mu.Lock()
		s.b.auths = append(s.b.auths, user)
		s.b.mu.Unlock()
		s.authed = true
		return nil
	}), nil
}
func (s *tlsSinkSession) Mail(string, *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	return nil
}
func (s *tlsSinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *tlsSinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.data = append(s.b.data, b)
	s.b.mu.Unlock()
	return nil
}
func (s *tlsSinkSession) Reset()        {}
func (s *tlsSinkSession) Logout() error { return nil }

func startTLSSink(t *testing.T, cfg *tls.Config, implicit bool) (*tlsSink, string) {
	t.Helper()
	b := &tlsSink{}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.TLSConfig = cfg
	srv.ErrorLog = log.New(io.Discard, "", 0)
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return b, ln.Addr().String()
}

func TestSendOverTLSWithAuth(t *testing.T) {
	serverCfg, clientCfg := testTLS(t)
	for _, tt := range []struct {
		name     string
		implicit bool
		sec      Security
	}{
		{"implicit tls", true, SecurityTLS},
		{"starttls", false, SecurityStartTLS},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sink, addr := startTLSSink(t, serverCfg, tt.implicit)
			opts := SMTPOptions{Address: addr, Security: tt.sec, Username: testUser, Password: testPassword, TLSConfig: clientCfg, Timeout: 5 * time.Second}
			if err := NewSender(opts).Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing)); err != nil {
				t.Fatalf("Send() = %v", err)
			}
			sink.mu.Lock()
			defer sink.mu.Unlock()
			if len(sink.auths) != 1 || len(sink.data) != 1 || string(sink.data[0]) != outgoing {
				t.Errorf("sink saw auths %v and %d messages", sink.auths, len(sink.data))
			}

			opts.Password = "wrong"
			err := NewSender(opts).Send(context.Background(), testUser, []string{"ada@example.org"}, []byte(outgoing))
			if se, ok := err.(*SendError); !ok || se.Stage != StageAuth || se.Code != 535 || se.Temporary {
				t.Errorf("Send() with a wrong password = %v, want a permanent 535 at auth", err)
			}
		})
	}
}
