package main

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/roster-dev/roster/workspace"
)

// deadlineFlags bound the live side's calls: each try of a call, and
// each read as a whole, so that an endpoint that answers slowly but in
// time cannot hold a run for hours.
func deadlineFlags() []cli.Flag {
	return []cli.Flag{
		durationFlag("call-timeout", "give up on one API call (one try) after `DURATION`; retries come on top", flagDuration(workspace.DefaultCallTimeout)),
		durationFlag("read-timeout", "give up reading one group (all its pages and retries) after `DURATION`; that list fails, the others go on", flagDuration(workspace.DefaultReadTimeout)),
	}
}

// parseDeadlines reads --call-timeout and --read-timeout into o.
func parseDeadlines(c *cli.Context, o *workspace.LiveOptions) error {
	callTimeout, callWritten := flagDurationOf(c, "call-timeout")
	readTimeout, readWritten := flagDurationOf(c, "read-timeout")
	o.CallTimeout, o.ReadTimeout = callTimeout, readTimeout
	o.CallTimeoutText, o.ReadTimeoutText = callWritten, readWritten
	// Not given (no text) is the default, held as 0 in o; given, 0 is a
	// duration out of range like any other, not a way to ask for the
	// default. Under a second, a healthy call over a slow link would
	// fail every time.
	if callWritten != "" && (o.CallTimeout < time.Second || o.CallTimeout > time.Hour) {
		return fmt.Errorf("--call-timeout %s: give a duration from 1s to 1h", callWritten)
	}
	// Under a minute, a big group's 50 pages would not fit even from a
	// healthy Google; past a day, the bound bounds nothing a scheduled
	// job can wait for.
	if readWritten != "" && (o.ReadTimeout < time.Minute || o.ReadTimeout > 24*time.Hour) {
		return fmt.Errorf("--read-timeout %s: give a duration from 1m to 24h", readWritten)
	}
	call, callText := o.CallTimeout, callWritten
	if call == 0 {
		call, callText = workspace.DefaultCallTimeout, flagDuration(workspace.DefaultCallTimeout)+" by default"
	}
	read, readText := o.ReadTimeout, readWritten
	if read == 0 && call > workspace.DefaultReadTimeout/3 {
		// A long --call-timeout alone: the client gives a read room for
		// a few such calls, rather than a refusal of a flag the user
		// did not give.
		return nil
	}
	if read == 0 {
		read, readText = workspace.DefaultReadTimeout, flagDuration(workspace.DefaultReadTimeout)+" by default"
	}
	if read < call {
		// One try could outlast the whole read.
		return fmt.Errorf("--read-timeout (%s) is shorter than --call-timeout (%s), so a slow call would use up the whole read; give --read-timeout more, or --call-timeout less", readText, callText)
	}
	return nil
}
