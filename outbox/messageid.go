package outbox

import (
	"fmt"
	"strings"
)

// MessageID derives the stable Message-ID (without <>) of a message of kind
// about ref, such as "int-2026-0042.dpo-forward.k3j9x0q2ab@provider.example".
// The same inputs always give the same id, which is what lets a retry or a
// second sweep be recognised as the same message; the installation id keeps
// two databases from ever minting the same one.
func MessageID(ref, kind, installID, domain string) string {
	return fmt.Sprintf("%s.%s.%s@%s", strings.ToLower(ref), strings.ReplaceAll(kind, "_", "-"), installID, domain)
}
