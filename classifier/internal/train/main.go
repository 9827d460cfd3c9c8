// Command train fits the classifier's linear model to the labelled mail in
// the repository and writes it for embedding. It is run by
// `go generate ./classifier/...` from the classifier folder; the same
// sets give the same bytes.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/classifier/eval"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	out := flag.String("out", "model.bin.gz", "where to write the model")
	epochs := flag.Int("epochs", classifier.TrainingEpochs, "passes over the data")
	sets := flag.String("sets", "", "comma-separated labelled folders to train on instead of classifier.TrainingSets (to measure a model on a set it was not trained on)")
	flag.Parse()
	dirs := classifier.TrainingSets
	if *sets != "" {
		dirs = strings.Split(*sets, ",")
	}
	docs, err := eval.TrainingDocs(ctx, dirs...)
	if err != nil {
		return err
	}
	if len(docs) == 0 {
		return errors.New("no labelled mail found: run from the classifier folder")
	}
	b := classifier.TrainModel(docs, *epochs)
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return err
	}
	fmt.Printf("trained on %d messages, %d bytes written to %s\n", len(docs), len(b), *out)
	return nil
}
