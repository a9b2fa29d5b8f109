package loop

import (
	"strings"

	"github.com/goasyncio/goasyncio/task"
)

// DumpTasks renders tasks one per line with what each waits on, the
// format deadlock reports and Close reports share.
func DumpTasks(tasks []task.AnyTask) string {
	if len(tasks) == 0 {
		return "  (no pending tasks)\n"
	}
	var b strings.Builder
	for _, t := range tasks {
		b.WriteString("  ")
		b.WriteString(t.Name())
		b.WriteString(" (coroutine ")
		b.WriteString(t.CoroName())
		b.WriteString(")")
		if w := t.WaitingOn(); w != nil {
			b.WriteString(" waits on ")
			b.WriteString(w.String())
		} else {
			b.WriteString(" is ready to run")
		}
		b.WriteString("\n")
	}
	return b.String()
}
