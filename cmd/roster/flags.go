package main

import (
	"fmt"
	"math"
	"strconv"
)

// checkFloat refuses a numeric flag outside [lo, hi], and the values
// strconv accepts that no one means (NaN, ±Inf), before any call is made:
// a guard of NaN compares false with everything and would guard nothing.
func checkFloat(flag string, v, lo, hi float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi {
		plain := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
		return fmt.Errorf("--%s %v: give a number from %s to %s", flag, v, plain(lo), plain(hi))
	}
	return nil
}

// checkInt refuses an integer flag outside [lo, hi].
func checkInt(flag string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("--%s %d: give a whole number from %d to %d", flag, v, lo, hi)
	}
	return nil
}
