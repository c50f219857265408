package main

import (
	"os"
	"runtime"
)

// minProcs is the fewest Ps (GOMAXPROCS) the service runs with. On a
// machine or container with one CPU, Go's default is one P, and every
// request's SQLite reads are system calls (about 7 fcntl locks each, on
// the WAL's shared memory) made on that P: under load, goroutines coming
// back from them queue behind the requests the network keeps bringing,
// and a few wait hundreds of milliseconds. With two Ps on the same single
// core the wait is shared out: bench/http.sh on one core, 50 connections,
// alternating rounds (BENCHMARKS.md, 2026-12-06), p99 of a cached PDF
// 237 → 91 ms, of the dashboard 1 250 → 420 ms, the slowest dashboard
// 1.4 → 0.7 s, for 2–5 % fewer requests per second and a p50 of 6 ms
// instead of 3. GOMAXPROCS set in the environment is obeyed as it is.
const minProcs = 2

// raiseProcs applies minProcs unless GOMAXPROCS was set by hand.
func raiseProcs() {
	if os.Getenv("GOMAXPROCS") == "" && runtime.GOMAXPROCS(0) < minProcs {
		runtime.GOMAXPROCS(minProcs)
	}
}
