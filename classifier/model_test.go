package classifier_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"example.org/intake/classifier"
	"example.org/intake/classifier/eval"
)

// TestEmbeddedModelIsReproducible: the embedded model is exactly what
// `go generate ./classifier/...` makes from the training sets, so that
// nobody can change it by hand and a change to the sets or the features
// that was not followed by go generate is caught. About 2 s.
func TestEmbeddedModelIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model")
	}
	docs, err := eval.TrainingDocs(context.Background(), classifier.TrainingSets...)
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := os.ReadFile("model.bin.gz")
	if err != nil {
		t.Fatal(err)
	}
	if got := classifier.TrainModel(docs, classifier.TrainingEpochs); !bytes.Equal(got, embedded) {
		t.Fatal("model.bin.gz is not what the training sets give: run go generate ./classifier/...")
	}
}

// TestModelOnAnUnseenSet trains on every training set but one written by
// another writer and measures the model alone on that one: how often its
// "request or not" is right. It is a check of the model, not of Classify,
// which never lets the model reply alone. About 2 s.
func TestModelOnAnUnseenSet(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model")
	}
	ctx := context.Background()
	var train []string
	for _, s := range classifier.TrainingSets {
		if s != "../testdata/heldout2" {
			train = append(train, s)
		}
	}
	docs, err := eval.TrainingDocs(ctx, train...)
	if err != nil {
		t.Fatal(err)
	}
	test, err := eval.TrainingDocs(ctx, "../testdata/heldout2")
	if err != nil {
		t.Fatal(err)
	}
	m := classifier.TrainModel(docs, classifier.TrainingEpochs)
	right, n := 0, 0
	for _, d := range test {
		p, err := classifier.ModelRequestProbability(m, d.Subject, d.Body)
		if err != nil {
			t.Fatal(err)
		}
		n++
		if (p >= 0.5) == d.Label.IsRequest() {
			right++
		}
	}
	acc := float64(right) / float64(n)
	t.Logf("model alone, request or not, on heldout2 (not trained on): %d/%d = %.1f%%", right, n, 100*acc)
	if acc < 0.85 {
		t.Errorf("model accuracy %.3f on an unseen set, want >= 0.85", acc)
	}
}
