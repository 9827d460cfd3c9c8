package mailbox

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

func TestProcessedFlag(t *testing.T) {
	tests := []struct {
		name      string
		permanent []imap.Flag
		want      imap.Flag
	}{
		{"any keyword allowed", []imap.Flag{imap.FlagSeen, imap.FlagWildcard}, DefaultKeyword},
		{"keyword already known", []imap.Flag{imap.FlagSeen, "$intakeprocessed"}, DefaultKeyword},
		{"no custom keywords", []imap.Flag{imap.FlagSeen, imap.FlagDeleted, imap.FlagFlagged}, imap.FlagSeen},
		{"nothing permanent", nil, imap.FlagSeen},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := processedFlag(tt.permanent, DefaultKeyword); got != tt.want {
				t.Errorf("processedFlag() = %q, want %q", got, tt.want)
			}
		})
	}
}

// startRev1IMAP serves a plain IMAP4rev1 server without MOVE, with or
// without UIDPLUS, to exercise the watcher's own COPY fallback.
func startRev1IMAP(t *testing.T, uidplus bool, msgs ...string) (string, *imapmemserver.User) {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(testUser, testPassword)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	for _, id := range msgs {
		raw := letter(id)
		if _, err := u.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(u)
	caps := imap.CapSet{imap.CapIMAP4rev1: {}}
	if uidplus {
		caps[imap.CapUIDPlus] = struct{}{}
	}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String(), u
}

func TestWatcherMoveFallbackWithoutMOVE(t *testing.T) {
	for _, tt := range []struct {
		name        string
		uidplus     bool
		inboxLeft   int // messages still in INBOX afterwards
		wantDeleted bool
	}{
		{name: "COPY, STORE and UID EXPUNGE with UIDPLUS", uidplus: true, inboxLeft: 0},
		{name: "COPY and \\Deleted left for people without UIDPLUS", uidplus: false, inboxLeft: 2, wantDeleted: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			addr, _ := startRev1IMAP(t, tt.uidplus, "m1", "m2")
			h := newMemHandler()
			dial := DialOptions{Address: addr, Security: SecurityNone, Username: testUser, Password: testPassword}
			w := NewWatcher(WatcherOptions{Dial: dial, Start: StartAll, ProcessedMailbox: "Processed", Logger: testLogger(t)}, h)
			runWatcher(t, w)
			eventually(t, "both handled", func() bool { return len(h.handledIDs()) == 2 })

			c, err := DialIMAP(context.Background(), dial)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var inbox []*imapclient.FetchMessageBuffer
			eventually(t, "copies in Processed", func() bool {
				st, err := c.Status("Processed", &imap.StatusOptions{NumMessages: true}).Wait()
				return err == nil && st.NumMessages != nil && *st.NumMessages == 2
			})
			// The copies come first; STORE and EXPUNGE follow them.
			eventually(t, "INBOX as the fallback leaves it", func() bool {
				sel, err := c.Select("INBOX", nil).Wait()
				if err != nil || int(sel.NumMessages) != tt.inboxLeft {
					return false
				}
				if tt.inboxLeft == 0 {
					return true
				}
				inbox, err = c.Fetch(imap.SeqSetNum(1, 2), &imap.FetchOptions{Flags: true}).Collect()
				if err != nil {
					return false
				}
				for _, m := range inbox {
					if hasFlag(m.Flags, imap.FlagDeleted) != tt.wantDeleted {
						return false
					}
				}
				return true
			})
		})
	}
}
