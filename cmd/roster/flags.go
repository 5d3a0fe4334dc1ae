package main

import (
	"fmt"
	"math"
	"strconv"

	"github.com/urfave/cli/v2"
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

// listFlag is --list ID, repeatable.
func listFlag(usage string) cli.Flag {
	return &cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: usage}
}

// oneListFlag is --list for a command that takes exactly one (role,
// import): it reads every one given, so that a second is refused by
// name rather than silently taken over the first, and its help shows it
// as taking one value, not as repeatable.
func oneListFlag(usage string) cli.Flag {
	return oneFlag{&cli.StringSliceFlag{Name: "list", Aliases: []string{"l"}, Usage: usage}}
}

// oneFlag is a slice flag shown in help as a flag of one value.
type oneFlag struct{ *cli.StringSliceFlag }

// String is the flag's help line, as a string flag's.
func (f oneFlag) String() string {
	return cli.FlagStringer(&cli.StringFlag{Name: f.Name, Aliases: f.Aliases, Usage: f.Usage})
}
