package message

import (
	"slices"
	"testing"
)

func TestParseMsgIDList(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{name: "empty", in: "", want: nil},
		{name: "single", in: "<a@example.org>", want: []string{"a@example.org"}},
		{name: "space separated", in: "<a@example.org> <b@example.org>", want: []string{"a@example.org", "b@example.org"}},
		{name: "comma separated", in: "<a@example.org>, <b@example.org>,<c@example.org>", want: []string{"a@example.org", "b@example.org", "c@example.org"}},
		{name: "folded", in: "<a@example.org>\r\n\t<b@example.org>", want: []string{"a@example.org", "b@example.org"}},
		{name: "wrapped inside an id", in: "<a@exam\n ple.org> <b@example.org>", want: []string{"a@example.org", "b@example.org"}},
		{name: "missing brackets", in: "a@example.org b@example.org", want: []string{"a@example.org", "b@example.org"}},
		{name: "mixed brackets and bare", in: "a@example.org, <b@example.org>", want: []string{"a@example.org", "b@example.org"}},
		{name: "phrase and comment around an id", in: "Your message of Mon (sent by a@x.example) <c@example.org>", want: []string{"c@example.org"}},
		{name: "duplicates dropped", in: "<a@example.org>, <a@example.org>", want: []string{"a@example.org"}},
		{name: "unclosed bracket", in: "<a@example.org <b@example.org>", want: []string{"a@example.org", "b@example.org"}},
		{name: "empty brackets", in: "<> <a@example.org>", want: []string{"a@example.org"}},
		{name: "id without at sign in brackets is kept", in: "<local-id-123>", want: []string{"local-id-123"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ParseMsgIDList(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("ParseMsgIDList(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
