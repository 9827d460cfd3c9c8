package mailbox

import (
	"context"
	"testing"

	"github.com/emersion/go-imap/v2"

	"example.org/intake/devmail"
)

func TestSentFolderAppendThenContains(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	ctx := context.Background()
	sent := NewSentFolder(imapOpts(s), "Sent")

	if err := sent.Append(ctx, []byte(outgoing)); err != nil {
		t.Fatalf("Append() = %v", err)
	}
	msgs, err := s.Messages(testUser, "Sent")
	if err != nil || len(msgs) != 1 || string(msgs[0]) != outgoing {
		t.Fatalf("Sent holds %q, %v; want the message unchanged", msgs, err)
	}
	flags, _ := s.Flags(testUser, "Sent")
	if !hasFlag(flags[0], imap.FlagSeen) {
		t.Errorf("filed copy has flags %v, want \\Seen", flags[0])
	}

	for _, tt := range []struct {
		name string
		id   string
		want bool
	}{
		{"bare id", "case-42.1@provider.example", true},
		{"bracketed id", "<case-42.1@provider.example>", true},
		{"unknown id", "case-43.1@provider.example", false},
		{"prefix of a filed id", "case-42.1@provider.exam", false},
		{"suffix of a filed id", "se-42.1@provider.example", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := sent.Contains(ctx, tt.id)
			if err != nil || got != tt.want {
				t.Errorf("Contains(%q) = %v, %v; want %v", tt.id, got, err, tt.want)
			}
		})
	}
}

func TestSentFolderCreatesMissingMailbox(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	ctx := context.Background()
	sent := NewSentFolder(imapOpts(s), "Intake/Sent")
	if ok, err := sent.Contains(ctx, "case-42.1@provider.example"); err != nil || ok {
		t.Fatalf("Contains() on a missing mailbox = %v, %v; want false, nil", ok, err)
	}
	if err := sent.Append(ctx, []byte(outgoing)); err != nil {
		t.Fatalf("Append() = %v", err)
	}
	if ok, err := sent.Contains(ctx, "case-42.1@provider.example"); err != nil || !ok {
		t.Errorf("Contains() after Append = %v, %v; want true", ok, err)
	}
}
