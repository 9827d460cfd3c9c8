package casework_test

import (
	"reflect"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/classifier"
)

// TestRights: the stored form is read and written in one place; blanks,
// spaces and repeats go, the main right stays first, and what is written
// reads back the same.
func TestRights(t *testing.T) {
	cases := []struct {
		stored string
		want   casework.Rights
		main   string
		format string
	}{
		{"", casework.Rights{}, "", ""},
		{"erasure", casework.Rights{"erasure"}, "erasure", "erasure"},
		{"erasure,access", casework.Rights{"erasure", "access"}, "erasure", "erasure,access"},
		{" access , erasure,,access", casework.Rights{"access", "erasure"}, "access", "access,erasure"},
		{",", casework.Rights{}, "", ""},
	}
	for _, c := range cases {
		got := casework.ParseRights(c.stored)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseRights(%q) = %#v, want %#v", c.stored, got, c.want)
		}
		if got.Main() != c.main || got.String() != c.format {
			t.Errorf("ParseRights(%q): main %q, stored as %q; want %q, %q", c.stored, got.Main(), got.String(), c.main, c.format)
		}
		if again := casework.ParseRights(got.String()); !reflect.DeepEqual(again, got) {
			t.Errorf("%q does not read back: %#v", got.String(), again)
		}
	}
	r := casework.RightsOfKinds([]classifier.Kind{classifier.KindErasure, classifier.KindAccess, classifier.KindErasure})
	if r.String() != "erasure,access" || !r.Has("access") || r.Has("objection") {
		t.Errorf("RightsOfKinds = %#v", r)
	}
}
