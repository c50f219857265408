//go:build !race

package xlsx

// raceSlowdown scales time bounds under the race detector.
const raceSlowdown = 1
