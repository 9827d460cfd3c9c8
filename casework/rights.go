package casework

import (
	"slices"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/store"
)

// Rights are the rights a request asks for, the main one first, each once.
// The store keeps them comma-joined (the cases.rights column); ParseRights
// and String are the one reading and the one writing of that form.
type Rights []string

// ParseRights reads the stored form: comma-separated rights, main one
// first. Blanks and repeats are dropped; "" is no rights.
func ParseRights(s string) Rights {
	r := Rights{}
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" && !slices.Contains(r, item) {
			r = append(r, item)
		}
	}
	return r
}

// RightsOf is the rights of case c.
func RightsOf(c *store.Case) Rights { return ParseRights(c.Rights) }

// RightsOfKinds is the rights a classification found, main one first.
func RightsOfKinds(ks []classifier.Kind) Rights {
	r := Rights{}
	for _, k := range ks {
		if k != "" && !slices.Contains(r, string(k)) {
			r = append(r, string(k))
		}
	}
	return r
}

// String is the stored form: the rights comma-joined, main one first.
func (r Rights) String() string { return strings.Join(r, ",") }

// Main is the main right, or "" when there is none.
func (r Rights) Main() string {
	if len(r) == 0 {
		return ""
	}
	return r[0]
}

// Has tells whether right is among r.
func (r Rights) Has(right string) bool { return slices.Contains(r, right) }
