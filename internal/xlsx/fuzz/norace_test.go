//go:build !race

package fuzz

// raceSlowdown scales time bounds under the race detector.
const raceSlowdown = 1
