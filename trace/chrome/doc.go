// Package chrome records what an event loop does and writes it in the
// Trace Event Format of Chrome and Perfetto, so a run can be looked at as
// a timeline instead of read as a log.
//
//	r := chrome.New()
//	l := loop.New(loop.WithVirtualClock(), loop.WithTracer(r))
//	... run the loop ...
//	f, _ := os.Create("run.json")
//	r.WriteJSON(f)
//
// # Viewing the file
//
// Open https://ui.perfetto.dev and choose "Open trace file" (everything
// stays in the browser), or open chrome://tracing in Chrome and "Load" the
// file. In Perfetto, click a slice to see its arguments; the details
// panel also lists the flows (arrows) arriving at and leaving it, and
// clicking one follows the arrow to the slice at its other end.
//
// # What the file shows
//
// The loop is one process ("goasyncio event loop"). Its threads are:
//
//   - "loop (callbacks)": one slice per loop iteration ("iteration 7",
//     with the size of its ready snapshot and the timers it moved), and
//     inside each one a slice per plain callback it ran (a call_soon or
//     timer callback, or a future's done callback such as gather's
//     _done_callback or sleep's wakeSleeper).
//   - one thread per task, named after the task: a slice per step (a
//     resumption of its coroutine), named by how the step ended: "await
//     sleep", "await Task 'b'", "await Future", "yield" (a bare yield,
//     sleep(0)), "done", "error", "cancelled". A step's arguments hold the
//     full repr of what it awaits and what was thrown into it.
//
// Arrows (flow events) go from the slice in which something happened to
// the slice it caused: "wakeup" from the slice where a future completed
// to the step of the task it woke (or the callback it queued), "timer"
// from where a timer was scheduled to its callback, "create" from where a
// task was created to its first step. Instant events mark timers firing
// (moving to the ready queue), timers cancelled before they ran, cancel
// requests, and calls of the exception handler. A counter, "ready",
// follows the size of each iteration's ready snapshot.
//
// # The time axis
//
// A task step takes no loop time at all on a virtual clock, so drawn on
// loop time every slice would have zero width. With AxisIterations each
// loop iteration is 1ms long (iteration N from N ms to N+1 ms) and the
// events of an iteration are spread evenly across it in the order they
// happened: the ruler reads iteration numbers, and widths say how much
// happened, not how long it took. AxisTime uses loop time in µs, moving
// events that share a nanosecond 2ns apart so they keep their order.
// AxisAuto, the default, picks iterations when no handle took a
// microsecond of loop time (a virtual clock) and time otherwise.
//
// The Recorder also keeps the run as a [Timeline], which package
// trace/svg draws as a self-contained SVG picture.
package chrome
