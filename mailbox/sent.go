package mailbox

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/textproto"
)

// SentFolder files copies of what intake sends in an IMAP mailbox, so that
// staff see them in their mail client, and finds them again by Message-ID
// (to tell, after an ambiguous SMTP failure, whether a copy was filed).
// Every call goes over one long-lived session of its own, apart from the
// watcher's, one call at a time: a login per letter is slow and counts
// against the mailbox's connection limits. The session is dropped after
// any error (the next call logs in again, once, before giving up) and
// after IdleTimeout unused.
type SentFolder struct {
	dial    DialOptions
	mailbox string
	idleFor time.Duration

	mu    sync.Mutex // one call at a time on the session
	c     *imapclient.Client
	conn  *deadlineConn
	timer *time.Timer
}

// DefaultSentIdleTimeout is how long the Sent session stays open unused.
const DefaultSentIdleTimeout = 5 * time.Minute

// NewSentFolder connects to nothing; the first call does.
func NewSentFolder(opts DialOptions, mailbox string) *SentFolder {
	if mailbox == "" {
		mailbox = "Sent"
	}
	return &SentFolder{dial: opts, mailbox: mailbox, idleFor: DefaultSentIdleTimeout}
}

// Append files raw with \Seen, creating the mailbox when it is missing.
func (s *SentFolder) Append(ctx context.Context, raw []byte) error {
	return s.with(ctx, func(c *imapclient.Client) error {
		err := appendRaw(c, s.mailbox, raw)
		if isTryCreate(err) || isNonExistent(err) {
			if cerr := c.Create(s.mailbox, nil).Wait(); cerr != nil {
				return fmt.Errorf("mailbox: create %s: %w", s.mailbox, cerr)
			}
			err = appendRaw(c, s.mailbox, raw)
		}
		if err != nil {
			return fmt.Errorf("mailbox: append to sent: %w", err)
		}
		return nil
	})
}

// Contains reports whether a message with this Message-ID (with or without
// angle brackets) is in the mailbox. A missing mailbox contains nothing.
func (s *SentFolder) Contains(ctx context.Context, messageID string) (bool, error) {
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(messageID), "<"), ">")
	if id == "" {
		return false, errors.New("mailbox: empty message id")
	}
	var found bool
	err := s.with(ctx, func(c *imapclient.Client) error {
		_, err := c.Select(s.mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		if isNonExistent(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("mailbox: examine sent: %w", err)
		}
		// SEARCH HEADER is a substring match; the brackets make it exact
		// in practice, and the header check below makes it exact.
		data, err := c.UIDSearch(&imap.SearchCriteria{
			Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + id + ">"}},
		}, nil).Wait()
		if err != nil {
			return fmt.Errorf("mailbox: search sent: %w", err)
		}
		uids := data.AllUIDs()
		if len(uids) == 0 {
			return nil
		}
		found, err = anyMessageID(c, uids, id)
		return err
	})
	return found, err
}

// anyMessageID fetches the Message-ID header of uids and compares it
// exactly.
func anyMessageID(c *imapclient.Client, uids []imap.UID, id string) (bool, error) {
	section := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: []string{"Message-ID"}, Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{
		UID: true, BodySection: []*imap.FetchItemBodySection{section},
	}).Collect()
	if err != nil {
		return false, fmt.Errorf("mailbox: fetch sent headers: %w", err)
	}
	for _, m := range msgs {
		for _, b := range m.BodySection {
			h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(b.Bytes)))
			if err != nil {
				continue
			}
			got := strings.TrimSpace(h.Get("Message-Id"))
			if strings.TrimSuffix(strings.TrimPrefix(got, "<"), ">") == id {
				return true, nil
			}
		}
	}
	return false, nil
}

// with runs fn on the session, logging in first when there is none.
// Logging in is bounded by DialOptions.Timeout; every command after it by
// the connection's deadlines (DialOptions.CommandTimeout, plus time for
// the bytes of an APPEND at a slow link), so that a large copy is not cut
// short and a stalled server is given up on within the command timeout.
// When fn fails on a session that had served an earlier call, the server
// may have dropped it while idle: fn runs once more on a new session.
func (s *SentFolder) with(ctx context.Context, fn func(*imapclient.Client) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
	}
	reused := s.c != nil
	err := s.run(ctx, fn)
	if err != nil && reused && ctx.Err() == nil {
		err = s.run(ctx, fn)
	}
	if s.c != nil {
		s.timer = time.AfterFunc(s.idleFor, s.closeIdle)
	}
	return err
}

// run runs fn on the session (a new one when there is none) and drops the
// session when fn fails.
func (s *SentFolder) run(ctx context.Context, fn func(*imapclient.Client) error) error {
	if s.c == nil {
		c, conn, err := dialIMAP(ctx, s.dial, nil)
		if err != nil {
			return err
		}
		s.c, s.conn = c, conn
	}
	c, conn := s.c, s.conn
	stop := context.AfterFunc(ctx, func() { c.Close() })
	err := fn(c)
	if !stop() && err == nil {
		err = ctx.Err()
	}
	if err != nil {
		c.Close()
		s.c, s.conn = nil, nil
		return conn.asStall(ctxErr(ctx, err))
	}
	return nil
}

// closeIdle logs out of a session nobody has used for idleFor.
func (s *SentFolder) closeIdle() {
	if !s.mu.TryLock() {
		// In use again: that call sets a new timer.
		return
	}
	defer s.mu.Unlock()
	s.logoutLocked()
}

func (s *SentFolder) logoutLocked() {
	if s.c == nil {
		return
	}
	_ = s.c.Logout().Wait()
	s.c.Close()
	s.c, s.conn = nil, nil
}

// Close logs out of the session, if there is one.
func (s *SentFolder) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer != nil {
		s.timer.Stop()
	}
	s.logoutLocked()
	return nil
}

func appendRaw(c *imapclient.Client, mailbox string, raw []byte) error {
	cmd := c.Append(mailbox, int64(len(raw)), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}})
	if _, err := cmd.Write(raw); err != nil {
		cmd.Close()
		return err
	}
	if err := cmd.Close(); err != nil {
		return err
	}
	_, err := cmd.Wait()
	return err
}

func isNonExistent(err error) bool {
	var ie *imap.Error
	return errors.As(err, &ie) && ie.Code == imap.ResponseCodeNonExistent
}
