package participants_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/participants"
	"example.org/intake/store"
)

// BenchmarkImportRegister imports a 2,000-row register into a database
// that already holds it (every row an update, the slower case: the old
// entry is read so that columns the file leaves out keep their values).
func BenchmarkImportRegister(b *testing.B) {
	ctx := context.Background()
	st, err := store.OpenURL(ctx, "sqlite://"+filepath.Join(b.TempDir(), "intake.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var csv strings.Builder
	csv.WriteString("URN,Name,Email,Stage\n")
	for i := range 2000 {
		fmt.Fprintf(&csv, "AB%05d,Person %d,p%d@example.org,no_ia\n", i, i, i)
	}
	prog := config.DefaultProgramme()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	if _, err := participants.Import(ctx, st, strings.NewReader(csv.String()), prog, now, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		rep, err := participants.Import(ctx, st, strings.NewReader(csv.String()), prog, now, nil)
		if err != nil || rep.Updated != 2000 {
			b.Fatalf("%+v %v", rep, err)
		}
	}
}
