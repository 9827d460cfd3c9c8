package main

import (
	"context"
	"io"
	"log/slog"

	"example.org/intake/demo"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("demo", stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "web address (:0 picks a free port)")
	untilDone := fs.Bool("until-done", false, "exit once the sample requests have been answered and forwarded")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	return demo.Run(ctx, demo.Options{
		Listen: *listen, UntilDone: *untilDone, Out: stdout,
		Logger: slog.New(slog.NewTextHandler(stderr, nil)),
	})
}
