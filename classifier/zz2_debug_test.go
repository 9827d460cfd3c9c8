package classifier

import (
	"fmt"
	"os"
	"testing"

	"example.org/intake/message"
)

func TestZZOne(t *testing.T) {
	f := os.Getenv("ZZFILE")
	if f == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(f)
	g := gather(message.Parse(raw, nil), &Options{})
	for k, e := range g.ev {
		fmt.Printf("%s %.2f ask=%v %q\n", k, e.conf, e.ask, e.reasons)
	}
}
