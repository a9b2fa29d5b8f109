// Package gobench holds the benchmarks that measure packages whose test
// files belong to others: queues (producer/consumer) and locks
// (contention). It has no code of its own; see bench/README.md and
// bench/compare.sh, which runs them with the benchmarks of ./coroutine and
// ./loop against their CPython twins in bench/python.
package gobench
