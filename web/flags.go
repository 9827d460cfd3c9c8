package web

import (
	"strings"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// flagsOf lists why case c is flagged for a person.
func flagsOf(c store.Case) []casework.Flag { return casework.Flags(&c) }

// flagReasons puts the reasons on one line, for the dashboard and lists.
func flagReasons(c store.Case) string {
	flags := casework.Flags(&c)
	reasons := make([]string, len(flags))
	for i, f := range flags {
		reasons[i] = f.Reason
	}
	return strings.Join(reasons, "; ")
}
