// Package autotrace turns narration of the event loop on from outside a
// program: with the command-line flag -trace, or with the environment
// variable GOASYNCIO_TRACE set (to anything but "" or "0"), the loops a
// program hands to it narrate their work to stderr (see package
// trace/narrate). The programs in examples/ use it:
//
//	go run ./examples/memo -trace
//	GOASYNCIO_TRACE=1 go run ./examples/memo
//
// Stdout is left alone, so the program prints exactly what it prints
// without narration.
//
// Importing the package defines the -trace flag on flag.CommandLine
// (unless the program already has a flag of that name).
package autotrace

import (
	"flag"
	"os"

	"github.com/goasyncio/goasyncio/loop"
	"github.com/goasyncio/goasyncio/task"
	"github.com/goasyncio/goasyncio/trace/narrate"
)

// EnvVar is the environment variable that turns narration on for any
// program using this package.
const EnvVar = "GOASYNCIO_TRACE"

// FlagName is the command-line flag that turns narration on.
const FlagName = "trace"

var traceFlag *bool

func init() {
	if flag.Lookup(FlagName) == nil {
		traceFlag = flag.Bool(FlagName, false, "narrate what the event loop does, step by step, to stderr")
	}
}

// Enabled reports whether narration was asked for: EnvVar is set to
// something other than "" and "0", or the -trace flag was given. If the
// command line has not been parsed yet, Enabled parses it (flag.Parse),
// so call it after the program has defined its own flags.
func Enabled() bool {
	if v := os.Getenv(EnvVar); v != "" && v != "0" {
		return true
	}
	if traceFlag == nil {
		return false
	}
	if !flag.Parsed() {
		flag.Parse()
	}
	return *traceFlag
}

// Options returns the loop options that turn narration on when Enabled:
// pass them to loop.New or loop.Run. It returns nil when narration is off.
func Options() []loop.Option {
	if !Enabled() {
		return nil
	}
	return []loop.Option{loop.WithTracer(narrate.New(os.Stderr))}
}

// Install turns narration on for an existing loop (one from
// loop.GetEventLoop, say) when Enabled, and does nothing otherwise.
func Install(l *loop.Loop) {
	if Enabled() {
		narrate.Attach(l, os.Stderr)
	}
}

// Tracer returns a new narrator writing to stderr when Enabled, and nil
// otherwise: the factory a loop-wide default tracer hook would call for
// each new loop.
func Tracer() task.Tracer {
	if !Enabled() {
		return nil
	}
	return narrate.New(os.Stderr)
}
